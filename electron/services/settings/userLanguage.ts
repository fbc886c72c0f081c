/**
 * The interface language is per user, not per computer. Each account's last choice is kept in
 * user-languages.json; when someone signs in, the UI switches to their choice, or, the first time
 * on this computer, to the language their profile prefers (hk.buyer: English) unless nobody ever
 * chose one here (then it keeps following the system). The login screen keeps showing the
 * language of whoever used the app last (the global setting).
 */
import { join } from 'node:path'
import { z } from 'zod'
import { Language, type Settings, type SettingsPatch } from '../../../shared/contract'
import { createJsonFile } from '../storage/jsonFile'

const UserLanguages = z.record(z.string(), Language)

export interface UserLanguage {
  /** A user signed in: switch the UI to their language. */
  signedIn(account: string, preferred: Language): Promise<void>
  /** The settings changed while `account` is signed in: remember their language. */
  settingsChanged(account: string, settings: Settings): Promise<void>
}

export function createUserLanguage(deps: {
  dataDirectory: string
  settings: { get(): Promise<Settings>; set(patch: SettingsPatch): Promise<Settings> }
}): UserLanguage {
  const file = createJsonFile({
    path: join(deps.dataDirectory, 'user-languages.json'),
    schema: UserLanguages,
    defaults: () => ({}),
  })
  const key = (account: string) => account.trim().toLowerCase()
  let queue: Promise<void> = Promise.resolve()
  const serial = (task: () => Promise<void>) => (queue = queue.then(task, task))

  return {
    signedIn: (account, preferred) =>
      serial(async () => {
        const current = (await deps.settings.get()).language
        // Nobody chose a language on this PC (it follows the system): keep following it.
        const language = (await file.read())[key(account)] ?? (current === null ? null : preferred)
        if (language !== null && current !== language) await deps.settings.set({ language })
      }),
    settingsChanged: (account, settings) =>
      serial(async () => {
        if (!settings.language) return
        const saved = await file.read()
        if (saved[key(account)] === settings.language) return
        await file.write({ ...saved, [key(account)]: settings.language })
      }),
  }
}
