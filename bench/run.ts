/**
 * `npm run bench [-- <filter>]`: runs every suite in bench/*.bench.ts (optionally only those whose
 * name or ids contain <filter>), prints a table and writes bench-results.json at the repo root.
 */
import { readdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { meetsTarget, type BenchResult, type BenchSuite } from './harness'

const benchDirectory = dirname(fileURLToPath(import.meta.url))
const repositoryRoot = dirname(benchDirectory)

async function loadSuites(): Promise<BenchSuite[]> {
  const files = (await readdir(benchDirectory)).filter((file) => file.endsWith('.bench.ts')).sort()
  const suites: BenchSuite[] = []
  for (const file of files) {
    const module = (await import(pathToFileURL(join(benchDirectory, file)).href)) as {
      default: BenchSuite
    }
    suites.push(module.default)
  }
  return suites
}

function formatTable(results: BenchResult[]): string {
  const rows = results.map((result) => {
    const verdict = meetsTarget(result)
    return [
      result.id,
      Number.isInteger(result.value) ? String(result.value) : result.value.toFixed(2),
      result.unit,
      result.target === undefined
        ? ''
        : `${result.better === 'lower' ? '<' : '>='} ${result.target}`,
      verdict === null ? '' : verdict ? 'ok' : 'MISSED',
      result.samples ? `median of ${result.samples.join(', ')}` : '',
    ]
  })
  const header = ['id', 'value', 'unit', 'target', '', '']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  )
}

async function main(): Promise<void> {
  const filter = process.argv[2]
  const suites = (await loadSuites()).filter(
    (suite) =>
      !filter || suite.name.includes(filter) || suite.ids.some((id) => id.includes(filter)),
  )
  if (suites.length === 0) {
    console.error(`No benchmark matches "${filter ?? ''}".`)
    process.exitCode = 1
    return
  }
  const results: BenchResult[] = []
  for (const suite of suites) {
    console.error(`running ${suite.name} ...`)
    results.push(...(await suite.run()))
  }
  console.log(formatTable(results))
  await writeFile(
    join(repositoryRoot, 'bench-results.json'),
    JSON.stringify(results, null, 2) + '\n',
  )
  console.log(`\nWrote bench-results.json (${results.length} results).`)
}

await main()
