/**
 * Who is signed in, to which server, acting for which dealer; and the tokens.
 *
 * - Access token: memory only. Refresh token: the injected SecretStore, only with "remember me".
 * - One refresh in flight at a time (`tokens.refresh`), concurrent callers wait for it. Refresh
 *   tokens rotate: the new one is stored before it is used.
 * - Offline: a sign-in that cannot reach the gateway is checked against the offline verifier of a
 *   previous online sign-in (see offlineCredentials.ts) and opens the cached data read-only until
 *   the gateway answers again. Errors: `auth.invalidCredentials`, `session.offlineUnavailable`
 *   (never signed in online on this computer), `session.expired` (refresh refused).
 */
import { PortalError } from '../../../shared/contract'
import type { Me, TokenPair } from '../../../shared/api'
import {
  SIGNED_OUT,
  type LoginDefaults,
  type LoginInput,
  type ServerChoice,
  type SessionState,
} from '../../../shared/contract/session'
import type { UpstreamClient, TokenSource } from '../upstream/upstreamClient'
import type { SecretStore } from './secretStore'
import { createPasswordVerifier, verifyPassword } from './offlineCredentials'
import { createSessionStore, offlineKey, type SessionFile } from './sessionStore'

export interface ResolvedServer {
  /** Stable identity for caches and secrets ('sandbox' for the built-in one, else the URL). */
  key: string
  url: string
  /** The embedded demo sandbox's operator token. */
  operatorToken?: string
}

export interface SessionDependencies {
  dataDirectory: string
  secrets: SecretStore
  resolveServer(choice: ServerChoice): Promise<ResolvedServer>
  /** The IT department's server (managed config): the login default; `locked`: the only one allowed. */
  managedServer?: { url: string; locked: boolean }
  createClient(baseUrl: string, tokens: TokenSource): UpstreamClient
  onChange?(state: SessionState): void
  onCorruptFile?(asidePath: string): void
}

export interface SessionService {
  state(): SessionState
  me(): Me | null
  server(): ResolvedServer | null
  client(): UpstreamClient
  loginDefaults(): Promise<LoginDefaults>
  restore(): Promise<SessionState>
  login(input: LoginInput): Promise<SessionState>
  logout(): Promise<SessionState>
  switchDealer(dealerId: string): Promise<SessionState>
  /** Called by whoever talks to the gateway: flips the online/offline indicator. */
  setConnectivity(online: boolean): void
}

const refreshSecretKey = (serverKey: string, account: string) =>
  `refresh:${serverKey}:${account.toLowerCase()}`
const isNetworkFailure = (error: unknown) =>
  error instanceof PortalError && error.code === 'upstream.unreachable'
const isAuthRefusal = (error: unknown) =>
  error instanceof PortalError && error.code.startsWith('auth.')

export function createSessionService(deps: SessionDependencies): SessionService {
  const store = createSessionStore(deps.dataDirectory, deps.onCorruptFile)
  let state: SessionState = SIGNED_OUT
  let me: Me | null = null
  let server: ResolvedServer | null = null
  let upstream: UpstreamClient | null = null
  let account = ''
  let accessToken: string | null = null
  let refreshToken: string | null = null
  let remember = false
  /** Kept in memory only after an offline sign-in, to sign in online once the gateway is back. */
  let offlinePassword: string | null = null
  let refreshing: Promise<string> | null = null

  const tokens: TokenSource = {
    accessToken: () => accessToken,
    refresh: () => (refreshing ??= renewTokens().finally(() => (refreshing = null))),
  }

  function publish(next: SessionState): SessionState {
    state = next
    deps.onChange?.(state)
    return state
  }

  function signedInState(
    profile: Me,
    dealerId: string | null,
    online: boolean,
    choice: ServerChoice,
  ): SessionState {
    const dealers = profile.dealers.map(({ id, code, nameZh, nameEn, city, roles }) => ({
      id,
      code,
      nameZh,
      nameEn,
      city,
      roles,
    }))
    const chosen = dealers.find((dealer) => dealer.id === dealerId)?.id ?? dealers[0]?.id ?? null
    return {
      status: 'signedIn',
      user: {
        account: profile.user.account,
        displayName: profile.user.displayName,
        preferredLanguage: profile.user.preferredLanguage,
      },
      dealers,
      dealerId: chosen,
      server: {
        kind: choice.kind,
        url: choice.kind === 'url' ? choice.url : (server?.url ?? null),
        ...(choice.kind === 'sandbox' && server?.operatorToken
          ? { operatorToken: server.operatorToken }
          : {}),
      },
      connectivity: online ? 'online' : 'offline',
    }
  }

  async function saveTokens(pair: TokenPair): Promise<void> {
    accessToken = pair.accessToken
    refreshToken = pair.refreshToken
    if (remember && server)
      await deps.secrets.set(refreshSecretKey(server.key, account), pair.refreshToken)
  }

  async function endSession(reasonCode: string | null): Promise<never> {
    if (server && account) await deps.secrets.delete(refreshSecretKey(server.key, account))
    const file = await store.read()
    await store.write({ ...file, remembered: null })
    accessToken = refreshToken = null
    publish(SIGNED_OUT)
    throw new PortalError(reasonCode ?? 'session.expired')
  }

  async function renewTokens(): Promise<string> {
    if (!upstream || !server) throw new PortalError('session.expired')
    try {
      if (refreshToken) {
        await saveTokens(await upstream.call('refresh', { body: { refreshToken } }))
      } else if (offlinePassword) {
        await saveTokens(
          await upstream.call('login', { body: { account, password: offlinePassword } }),
        )
        offlinePassword = null
      } else {
        return await endSession('session.expired')
      }
      return accessToken as string
    } catch (error) {
      if (isAuthRefusal(error)) return endSession('session.expired')
      throw error
    }
  }

  async function fetchProfile(): Promise<Me> {
    if (!upstream) throw new PortalError('session.expired')
    const profile = await upstream.call('me')
    me = profile
    return profile
  }

  async function rememberOffline(
    file: SessionFile,
    password: string,
    profile: Me,
  ): Promise<SessionFile> {
    if (!server) return file
    const verifier = await createPasswordVerifier(password)
    return {
      ...file,
      offline: {
        ...file.offline,
        [offlineKey(server.key, account)]: { verifier, me: profile, savedAt: Date.now() },
      },
    }
  }

  async function login(input: LoginInput): Promise<SessionState> {
    const resolved = await deps.resolveServer(input.server)
    server = resolved
    account = input.account
    remember = input.remember
    accessToken = refreshToken = offlinePassword = null
    upstream = deps.createClient(resolved.url, tokens)
    let file = await store.read()
    file = { ...file, lastServer: input.server, lastAccount: input.account }
    const previousDealer = file.lastDealerByAccount[offlineKey(resolved.key, input.account)] ?? null

    try {
      await saveTokens(
        await upstream.call('login', {
          body: { account: input.account, password: input.password },
        }),
      )
    } catch (error) {
      if (!isNetworkFailure(error)) throw error
      const entry = file.offline[offlineKey(resolved.key, input.account)]
      if (!entry) throw new PortalError('session.offlineUnavailable')
      if (!(await verifyPassword(input.password, entry.verifier)))
        throw new PortalError('auth.invalidCredentials')
      offlinePassword = input.password
      me = entry.me
      await store.write(file)
      return publish(signedInState(entry.me, previousDealer, false, input.server))
    }

    const profile = await fetchProfile()
    file = await rememberOffline(file, input.password, profile)
    if (!remember) await deps.secrets.delete(refreshSecretKey(resolved.key, input.account))
    const next = signedInState(profile, previousDealer, true, input.server)
    file = {
      ...file,
      remembered: remember
        ? {
            server: input.server,
            serverKey: resolved.key,
            account: input.account,
            dealerId: next.dealerId,
          }
        : null,
    }
    await store.write(file)
    return publish(next)
  }

  /**
   * At start-up: a remembered session opens at once from the cached profile (offline until
   * proven otherwise); the gateway is asked in the background and the state follows its answer.
   */
  async function restore(): Promise<SessionState> {
    const file = await store.read()
    const remembered = file.remembered
    if (!remembered) return publish(SIGNED_OUT)
    const stored = await deps.secrets
      .get(refreshSecretKey(remembered.serverKey, remembered.account))
      .catch(() => null)
    const cached = file.offline[offlineKey(remembered.serverKey, remembered.account)]
    if (!stored || !cached) return publish(SIGNED_OUT)
    account = remembered.account
    remember = true
    // The cache is found by the server's key; the URL of the built-in sandbox is known once it runs.
    server = {
      key: remembered.serverKey,
      url: remembered.server.kind === 'url' ? remembered.server.url : '',
    }
    refreshToken = stored
    accessToken = null
    me = cached.me
    const state = publish(signedInState(cached.me, remembered.dealerId, false, remembered.server))
    void confirmRemembered(remembered.server)
    return state
  }

  async function confirmRemembered(choice: ServerChoice): Promise<void> {
    try {
      server = await deps.resolveServer(choice)
      upstream = deps.createClient(server.url, tokens)
      await tokens.refresh()
      const profile = await fetchProfile()
      publish(signedInState(profile, state.dealerId, true, choice))
    } catch (error) {
      if (!(error instanceof PortalError) || !error.code.startsWith('session.')) {
        // Unreachable or unreadable gateway: stay signed in on the cached data.
        if (!isNetworkFailure(error))
          console.error('session: could not confirm the remembered session', error)
      }
    }
  }

  async function logout(): Promise<SessionState> {
    const client = upstream
    const token = refreshToken
    if (client && accessToken) {
      await client
        .call('logout', { body: token ? { refreshToken: token } : {} })
        .catch(() => undefined)
    }
    if (server && account) await deps.secrets.delete(refreshSecretKey(server.key, account))
    const file = await store.read()
    await store.write({ ...file, remembered: null })
    accessToken = refreshToken = offlinePassword = null
    me = null
    upstream = null
    return publish(SIGNED_OUT)
  }

  async function switchDealer(dealerId: string): Promise<SessionState> {
    if (state.status !== 'signedIn' || !state.dealers.some((dealer) => dealer.id === dealerId)) {
      throw new PortalError('session.dealerNotAvailable', { dealerId })
    }
    const file = await store.read()
    await store.write({
      ...file,
      lastDealerByAccount: server
        ? { ...file.lastDealerByAccount, [offlineKey(server.key, account)]: dealerId }
        : file.lastDealerByAccount,
      remembered: file.remembered ? { ...file.remembered, dealerId } : null,
    })
    return publish({ ...state, dealerId })
  }

  function setConnectivity(online: boolean): void {
    const connectivity = online ? 'online' : 'offline'
    if (state.status === 'signedIn' && state.connectivity !== connectivity)
      publish({ ...state, connectivity })
  }

  return {
    state: () => state,
    me: () => me,
    server: () => server,
    client: () => {
      if (state.status !== 'signedIn') throw new PortalError('session.signedOut')
      // Signed in from the cache while the gateway is still being reached.
      if (!upstream) throw new PortalError('upstream.unreachable')
      return upstream
    },
    loginDefaults: async () => {
      const file = await store.read()
      const managed = deps.managedServer
      if (!managed) return { server: file.lastServer, account: file.lastAccount, locked: false }
      return {
        server: { kind: 'url', url: managed.url },
        account: file.lastAccount,
        locked: managed.locked,
      }
    },
    restore,
    login,
    logout,
    switchDealer,
    setConnectivity,
  }
}
