import type { Rule } from '../engine/rule';
import { moduleLevelApp } from './module-level-app';
import { extensionBoundToApp } from './extension-bound-to-app';
import { hardcodedConfig } from './hardcoded-config';
import { routeOnApp } from './route-on-app';
import { routesModuleTooLarge } from './routes-module-too-large';
import { globalInView } from './global-in-view';
import { requestContextOutsideRequest } from './request-context-outside-request';
import { appRunUnguarded } from './app-run-unguarded';
import { debugEnabled } from './debug-enabled';
import { hardcodedSecretKey } from './hardcoded-secret-key';
import { productionServer } from './production-server';

/** Every rule, in code order. The registry is the only list: docs, settings and the CLI read it. */
export const RULES: readonly Rule[] = [moduleLevelApp, extensionBoundToApp, hardcodedConfig, routeOnApp, routesModuleTooLarge, globalInView, requestContextOutsideRequest, appRunUnguarded, debugEnabled, hardcodedSecretKey, productionServer];
