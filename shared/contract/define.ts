import type { z } from 'zod'

/** One bridge method: the schema its input must satisfy and the schema of what it returns. */
export interface MethodSpec<
  Input extends z.ZodType = z.ZodType,
  Output extends z.ZodType = z.ZodType,
> {
  input: Input
  output: Output
}

export function defineMethod<Input extends z.ZodType, Output extends z.ZodType>(
  input: Input,
  output: Output,
): MethodSpec<Input, Output> {
  return { input, output }
}

export type DomainSpec = Record<string, MethodSpec>
export type ContractSpec = Record<string, DomainSpec>
export type EventSpec = Record<`${string}:${string}`, z.ZodType>
