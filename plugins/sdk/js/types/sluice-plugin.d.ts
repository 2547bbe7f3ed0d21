/// <reference path="./interfaces/sluice-plugin-events.d.ts" />
/// <reference path="./interfaces/sluice-plugin-host.d.ts" />
/// <reference path="./interfaces/sluice-plugin-http.d.ts" />
/// <reference path="./interfaces/sluice-plugin-metrics.d.ts" />
/// <reference path="./interfaces/sluice-plugin-plugin.d.ts" />
/// <reference path="./interfaces/sluice-plugin-state.d.ts" />
/// <reference path="./interfaces/sluice-plugin-types.d.ts" />
declare module 'sluice:plugin/sluice-plugin@0.1.0' {
  export type * as SluicePluginEvents010 from 'sluice:plugin/events@0.1.0'; // import sluice:plugin/events@0.1.0
  export type * as SluicePluginHost010 from 'sluice:plugin/host@0.1.0'; // import sluice:plugin/host@0.1.0
  export type * as SluicePluginHttp010 from 'sluice:plugin/http@0.1.0'; // import sluice:plugin/http@0.1.0
  export type * as SluicePluginMetrics010 from 'sluice:plugin/metrics@0.1.0'; // import sluice:plugin/metrics@0.1.0
  export type * as SluicePluginState010 from 'sluice:plugin/state@0.1.0'; // import sluice:plugin/state@0.1.0
  export type * as SluicePluginTypes010 from 'sluice:plugin/types@0.1.0'; // import sluice:plugin/types@0.1.0
  export * as plugin from 'sluice:plugin/plugin@0.1.0'; // export sluice:plugin/plugin@0.1.0
}
