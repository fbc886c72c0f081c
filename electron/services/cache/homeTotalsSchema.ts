/**
 * Cache migration 4 (cacheSchema.ts): Home's running totals and the triggers that keep them.
 * Kept apart from the other migrations only for size.
 */
/** The Beijing month (`YYYY-MM`) and year of an epoch-ms column (UTC+8 all year, as chinaTime.ts). */
const chinaPeriodOf = (column: string) =>
  `strftime('%Y-%m', ${column} / 1000, 'unixepoch', '+8 hours')`
const chinaYearOf = (column: string) =>
  `CAST(strftime('%Y', ${column} / 1000, 'unixepoch', '+8 hours') AS INTEGER)`
/**
 * Orders that never commit money, left out of purchases and rankings (Home): cancelled, rejected
 * upstream, declined by the dealer's admin, or still awaiting that approval (not sent upstream).
 */
const VOID_ORDER_STATUSES = "('cancelled', 'rejected', 'declined', 'awaiting_approval')"

/** One order line (`row`: NEW or OLD) added to (`sign` +1) or taken from (−1) the home totals. */
const lineTotals = (row: 'NEW' | 'OLD', sign: 1 | -1, firstOrLast: string) => `
  INSERT INTO order_month_totals (period, orders, amount)
  VALUES (${chinaPeriodOf(`${row}.created_at`)}, ${sign} * (${firstOrLast}), ${sign} * ${row}.amount)
  ON CONFLICT (period) DO UPDATE SET orders = orders + excluded.orders, amount = amount + excluded.amount;
  INSERT INTO product_year_totals (year, product_id, sku, name_zh, name_en, lines, quantity, amount)
  VALUES (${chinaYearOf(`${row}.created_at`)}, ${row}.product_id, ${row}.sku, ${row}.name_zh, ${row}.name_en,
          ${sign}, ${sign} * ${row}.quantity, ${sign} * ${row}.amount)
  ON CONFLICT (year, product_id) DO UPDATE SET lines = lines + excluded.lines,
    quantity = quantity + excluded.quantity, amount = amount + excluded.amount,
    sku = coalesce(excluded.sku, sku), name_zh = coalesce(excluded.name_zh, name_zh),
    name_en = coalesce(excluded.name_en, name_en);
  DELETE FROM product_year_totals
  WHERE year = ${chinaYearOf(`${row}.created_at`)} AND product_id = ${row}.product_id AND lines = 0;`

/** One rebate movement added to (+1) or taken from (−1) rebate_month_totals. */
const rebateTotals = (row: 'NEW' | 'OLD', sign: 1 | -1) => `
  INSERT INTO rebate_month_totals (period, earned, used)
  VALUES (${chinaPeriodOf(`${row}.at`)},
          ${sign} * (CASE WHEN ${row}.type = 'rebateGrant' AND ${row}.amount > 0 THEN ${row}.amount ELSE 0 END),
          ${sign} * (CASE WHEN ${row}.type = 'rebateUse' AND ${row}.amount < 0 THEN -${row}.amount ELSE 0 END))
  ON CONFLICT (period) DO UPDATE SET earned = earned + excluded.earned, used = used + excluded.used;`

/**
 * Home's monthly and yearly figures kept as running totals by triggers, so Home reads a dozen rows
 * instead of aggregating three years of order lines and movements on every open:
 * - order_month_totals: per Beijing month, orders (not void) created in it and their amount (fen);
 *   an order counts when its first line arrives and stops counting when its last line goes (all
 *   lines of an order share its month and status);
 * - product_year_totals: per Beijing year and product, the lines, quantity and amount ordered (not
 *   void), with the product's last seen SKU and names; a row goes when its last line goes;
 * - rebate_month_totals: per Beijing month, rebate granted (rebateGrant credits) and used
 *   (rebateUse debits, positive) on the rebate account.
 * They equal the GROUP BY over order_lines / transactions at every commit (test/unit/services/
 * cache/homeTotals.test.ts checks that against random changes).
 */
export const HOME_TOTALS_SCHEMA = `
CREATE TABLE order_month_totals (
  period TEXT PRIMARY KEY,
  orders INTEGER NOT NULL,
  amount INTEGER NOT NULL
);
CREATE TABLE product_year_totals (
  year INTEGER NOT NULL,
  product_id TEXT NOT NULL,
  sku TEXT,
  name_zh TEXT,
  name_en TEXT,
  lines INTEGER NOT NULL,
  quantity INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  PRIMARY KEY (year, product_id)
);
CREATE INDEX product_year_totals_rank ON product_year_totals (year, amount DESC, sku);
CREATE TABLE rebate_month_totals (
  period TEXT PRIMARY KEY,
  earned INTEGER NOT NULL,
  used INTEGER NOT NULL
);
CREATE TRIGGER order_lines_totals_insert AFTER INSERT ON order_lines
WHEN NEW.status NOT IN ${VOID_ORDER_STATUSES} BEGIN
  ${lineTotals('NEW', 1, '(SELECT COUNT(*) FROM order_lines WHERE order_id = NEW.order_id) = 1')}
END;
CREATE TRIGGER order_lines_totals_delete AFTER DELETE ON order_lines
WHEN OLD.status NOT IN ${VOID_ORDER_STATUSES} BEGIN
  ${lineTotals('OLD', -1, 'NOT EXISTS (SELECT 1 FROM order_lines WHERE order_id = OLD.order_id)')}
END;
CREATE TRIGGER transactions_rebate_insert AFTER INSERT ON transactions
WHEN NEW.account_type = 'rebate' BEGIN ${rebateTotals('NEW', 1)} END;
CREATE TRIGGER transactions_rebate_delete AFTER DELETE ON transactions
WHEN OLD.account_type = 'rebate' BEGIN ${rebateTotals('OLD', -1)} END;
CREATE TRIGGER transactions_rebate_update_old AFTER UPDATE OF at, account_type, type, amount ON transactions
WHEN OLD.account_type = 'rebate' BEGIN ${rebateTotals('OLD', -1)} END;
CREATE TRIGGER transactions_rebate_update_new AFTER UPDATE OF at, account_type, type, amount ON transactions
WHEN NEW.account_type = 'rebate' BEGIN ${rebateTotals('NEW', 1)} END;
INSERT INTO order_month_totals (period, orders, amount)
SELECT ${chinaPeriodOf('created_at')} AS period, COUNT(DISTINCT order_id), SUM(amount) FROM order_lines
WHERE status NOT IN ${VOID_ORDER_STATUSES} GROUP BY period;
INSERT INTO product_year_totals (year, product_id, sku, name_zh, name_en, lines, quantity, amount)
SELECT ${chinaYearOf('created_at')} AS year, product_id, MAX(sku), MAX(name_zh), MAX(name_en), COUNT(*),
       SUM(quantity), SUM(amount)
FROM order_lines WHERE status NOT IN ${VOID_ORDER_STATUSES} GROUP BY year, product_id;
INSERT INTO rebate_month_totals (period, earned, used)
SELECT ${chinaPeriodOf('at')} AS period,
       SUM(CASE WHEN type = 'rebateGrant' AND amount > 0 THEN amount ELSE 0 END),
       SUM(CASE WHEN type = 'rebateUse' AND amount < 0 THEN -amount ELSE 0 END)
FROM transactions WHERE account_type = 'rebate' GROUP BY period;
`
