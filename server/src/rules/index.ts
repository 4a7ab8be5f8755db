import type { Rule } from '../engine/rule';
import { moduleLevelApp } from './module-level-app';
import { extensionBoundToApp } from './extension-bound-to-app';
import { hardcodedConfig } from './hardcoded-config';
import { servicesImportFlask } from './services-import-flask';
import { appImportedAcrossModules } from './app-imported-across-modules';
import { mutableModuleState } from './mutable-module-state';
import { perRouteErrorHandling } from './per-route-error-handling';
import { inlineErrorResponse } from './inline-error-response';
import { inconsistentErrorFormat } from './inconsistent-error-format';
import { missingErrorHandlers } from './missing-error-handlers';
import { routeOnApp } from './route-on-app';
import { routesModuleTooLarge } from './routes-module-too-large';
import { tooManyEndpoints } from './too-many-endpoints';
import { globalInView } from './global-in-view';
import { missingHealthEndpoints } from './missing-health-endpoints';
import { requestContextOutsideRequest } from './request-context-outside-request';
import { appRunUnguarded } from './app-run-unguarded';
import { debugEnabled } from './debug-enabled';
import { hardcodedSecretKey } from './hardcoded-secret-key';
import { hardcodedUrlPath } from './hardcoded-url-path';
import { productionServer } from './production-server';

/** Every rule, in code order. The registry is the only list: docs, settings and the CLI read it. */
// One rule per line, in code order: branches that add rules merge without conflicts.
export const RULES: readonly Rule[] = [
  moduleLevelApp,
  extensionBoundToApp,
  hardcodedConfig,
  servicesImportFlask,
  appImportedAcrossModules,
  routeOnApp,
  routesModuleTooLarge,
  tooManyEndpoints,
  missingHealthEndpoints,
  perRouteErrorHandling,
  inlineErrorResponse,
  inconsistentErrorFormat,
  missingErrorHandlers,
  mutableModuleState,
  globalInView,
  requestContextOutsideRequest,
  appRunUnguarded,
  debugEnabled,
  hardcodedSecretKey,
  hardcodedUrlPath,
  productionServer,
];
