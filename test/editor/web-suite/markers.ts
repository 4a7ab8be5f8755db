/** How the web suite's console lines that the runner parses begin (shared without importing the suite, which needs `vscode`). */

/** `REPORT_MARKER {SuiteReport as JSON}`: every test's result. */
export const REPORT_MARKER = 'FLASK_PRACTICES_WEB_REPORT';
/** `TIMING_MARKER {lines, bytes, ms}`: from opening the large file to its diagnostics. */
export const TIMING_MARKER = 'FLASK_PRACTICES_WEB_TIMING';
/** `SCREENSHOT_MARKER`: the squiggles are on screen; the runner takes its screenshot, then closes the editors. */
export const SCREENSHOT_MARKER = 'FLASK_PRACTICES_WEB_SCREENSHOT';
