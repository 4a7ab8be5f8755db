/** The engine's public surface, for hosts (the LSP server, the CLI) and tests. */
export { Engine, type Analysis, type ContentChange } from './engine';
export { isTestModule, projectPath, DEFAULT_TEST_PATHS } from './testCode';
export type { GrammarBytes } from './parser';
export { LineIndex, cliPosition, detectEol, positionAfterEdit, type PositionEncoding, type LineColumn, type OffsetRange } from './positions';
export type { FileContext, Finding, Fix, FixAvailability, FixSafety, NewFile, OtherFileEdits, ProjectFiles, RelatedInformation, Rule, RuleMeta, Severity, TextEdit } from './rule';
export { fileKindOf, FILE_PATTERNS, type FileKind, type OtherFileKind } from './files/kinds';
export { MAX_MODULE_BYTES, type DocumentPlace, type ProjectLister, type ProjectReader } from './projectFiles';
export type { NoqaPlace } from './noqaPlaces';
export { DEFAULT_SETTINGS, defaultSettings, normaliseSettings, ruleCodeOrPrefix, effectiveSeverity, type ConfigurationPreference, type Settings, type SeveritySetting } from './settings';
export { formatConfigProblem, isExcludedPath, parseProjectConfig, resolveSettings, settingsForPath, type ConfigProblem, type ProjectConfig, type ProjectLayer } from './projectConfig';
export { renderRuleDocs, renderFindingHover, escapeMarkdown } from './docs';
export { applyEdits, fixAvailability, minimalEdit, offeredSafety, offersFix } from './fixes';
export type { NoqaComment, Suppressions } from './suppressions';
export { RecordingView, type ProjectAnswers } from './project/recordingView';
