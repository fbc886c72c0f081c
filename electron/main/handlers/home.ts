/** The `home` domain of the contract: the summary from the workspace, the overview and exports from the home service. */
import type { Handlers } from '../../ipc/registry'
import type { HomeService } from '../../services/home/homeService'
import type { WorkspaceService } from '../../services/workspace/workspaceService'

export function createHomeHandlers(deps: {
  workspace: WorkspaceService
  home: HomeService
}): Handlers['home'] {
  const { workspace, home } = deps
  return {
    summary: () => workspace.homeSummary(),
    overview: () => home.overview(),
    exportChart: (request) => home.exportChart(request),
  }
}
