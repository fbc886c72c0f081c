/** A refusal of a simulated call: answered as HTTP 200 with `errorCode` and `errorMessage`. */
import { decimalToFen } from '../backends/sharecrm/decimal'

export class SimRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

/** Decimal string (or empty) → fen; the simulator's own arithmetic. */
export const fen = (value: unknown): number =>
  value === null || value === undefined || value === '' ? 0 : decimalToFen(value)
