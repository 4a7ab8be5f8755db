import { moduleNamesOf } from '../../engine/project/moduleNames';
import { FACTORY, type Plan } from './plan';

/**
 * Names that move into the factory (a template filter, an error handler, `celery = make_celery(app)`)
 * are no longer the module's: another module of the project (a test module too) that imports one
 * would fail. The project index says which modules may import what; without a project nothing
 * can be seen (the docs say so). The app itself is the fix's documented change.
 */
export function checkImportedElsewhere(plan: Plan, movedNames: ReadonlySet<string>): string | undefined {
  const project = plan.model.project;
  const index = project?.index;
  if (!index || project.path === undefined || movedNames.size === 0) return undefined;
  for (const module of moduleNamesOf(project.path)) {
    for (const name of movedNames) {
      const importer = index.importerOf(`${module}.${name}`, project.path);
      if (importer) return `\`${importer}\` imports \`${name}\` from this module, but \`${name}\` would be defined inside \`${FACTORY}\``;
    }
  }
  return undefined;
}
