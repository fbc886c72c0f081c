/** gateway.yml: environment overrides, `...File` secrets, the field map overrides, clear errors. */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildFieldMap, mappedFields } from '../../../server/backends/sharecrm/fieldMap'
import { fenToDecimal, toFen, toQuantity } from '../../../server/backends/sharecrm/values'
import { ConfigError, envName, loadConfig } from '../../../server/gateway/config'

function configFile(text: string): { file: string; directory: string } {
  const directory = mkdtempSync(join(tmpdir(), 'dd-config-'))
  const file = join(directory, 'gateway.yml')
  writeFileSync(file, text)
  return { file, directory }
}

const BASE = `sharecrm:
  baseUrl: https://open.fxiaoke.com
  appId: FSAID_1
  appSecretFile: ./secret
  permanentCode: code
  openUserId: FSUID_1
`

describe('gateway config', () => {
  it('names environment variables by the key path in upper snake case', () => {
    expect(envName('sharecrm.appSecret')).toBe('DEALERDESK_SHARECRM_APP_SECRET')
    expect(envName('sharecrm.callsPer20s')).toBe('DEALERDESK_SHARECRM_CALLS_PER20S')
    expect(envName('database')).toBe('DEALERDESK_DATABASE')
  })

  it('reads a secret from a file next to the config, and lets the environment win over the file', () => {
    const { file, directory } = configFile(`${BASE}mapping:\n  product.nameEn: english_name__c\n`)
    writeFileSync(join(directory, 'secret'), 's3cret\n')
    const config = loadConfig(file, { DEALERDESK_SHARECRM_POLL_SECONDS: '30' })
    expect(config.sharecrm).toMatchObject({ appSecret: 's3cret', pollSeconds: 30, callsPer20s: 80 })
    expect(config.database).toBe(join(directory, 'gateway-data'))
    expect(config.fieldMap.product.nameEn).toBe('english_name__c')
    const overridden = loadConfig(file, {
      DEALERDESK_SHARECRM_APP_SECRET: 'from-env',
      DEALERDESK_DATABASE: 'postgres://dd@db/dd',
    })
    expect(overridden.sharecrm.appSecret).toBe('from-env')
    expect(overridden.database).toBe('postgres://dd@db/dd')
  })

  it('lists every problem at once: missing keys, unreadable secret files, unknown keys and mappings', () => {
    const { file } = configFile(
      `sharecrm:\n  appId: x\n  appSecretFile: ./nowhere\n  pollSecond: 5\nmapping:\n  product.colour: colour__c\n`,
    )
    let error: unknown
    try {
      loadConfig(file, {})
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as Error).message
    for (const expected of [
      'sharecrm.baseUrl is required',
      'appSecretFile: cannot read',
      'unknown key "sharecrm.pollSecond"',
      'unknown key "product.colour"',
    ]) {
      expect(message).toContain(expected)
    }
  })

  it('maps every default field to an object, and overrides only what is named', () => {
    const map = buildFieldMap({ 'order.idempotencyKey': 'idem__c' })
    expect(map.order.idempotencyKey).toBe('idem__c')
    expect(map.return.idempotencyKey).toBe('dd_idempotency_key__c')
    expect(mappedFields(map).find((field) => field.key === 'order.idempotencyKey')).toEqual({
      object: 'SalesOrderObj',
      field: 'idem__c',
      key: 'order.idempotencyKey',
    })
    expect(() => buildFieldMap({ 'order.total': 'not a name' })).toThrow(/apiName/)
  })
})

describe('ShareCRM values', () => {
  it('converts decimal strings to fen exactly, never through a float', () => {
    expect(toFen('0.29')).toBe(29)
    expect(toFen('1234.50')).toBe(123450)
    expect(toFen('-12.3')).toBe(-1230)
    expect(toFen('99999999999.99')).toBe(9999999999999)
    expect(toFen('0.125')).toBe(13)
    expect(toFen('')).toBeNull()
    expect(toFen('abc')).toBeNull()
    expect(fenToDecimal(29)).toBe('0.29')
    expect(fenToDecimal(-1230)).toBe('-12.30')
    expect(toQuantity('12.00')).toBe(12)
    expect(toQuantity('1.5')).toBeNull()
  })
})
