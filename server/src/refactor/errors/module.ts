import type { SiblingModule } from '../siblingModule';
import { CLASS_NAME, type ErrorsPlan } from './plan';
import { classSource, handlerLines } from './write';

/** The guide's `errors.py` (practice 3), written with the error class and handler FLK301/302's fix writes. */
const PLAN: ErrorsPlan = { className: CLASS_NAME, takesPayload: true, newClass: true };

/** FLK304's new module: `register_error_handlers(app)`, JSON for the app's own errors, for 404 and for 500. */
export const ERRORS_MODULE: SiblingModule = {
  fileName: 'errors.py',
  name: 'register_error_handlers',
  hookUp: (app) => `register_error_handlers(${app})`,
  source(unit, eol) {
    const inner = unit + unit;
    return [
      '"""The app\'s error handlers: every error answers JSON in one format, `{"error": message}`."""',
      '',
      'from flask import jsonify',
      '',
      '',
      classSource(CLASS_NAME, unit, eol).trimEnd(),
      '',
      '',
      'def register_error_handlers(app):',
      ...handlerLines(PLAN, { owner: 'app', method: 'errorhandler' }, 'jsonify', unit, unit),
      '',
      `${unit}@app.errorhandler(404)`,
      `${unit}def handle_not_found(error):`,
      `${inner}return jsonify({"error": "Resource not found"}), 404`,
      '',
      `${unit}@app.errorhandler(500)`,
      `${unit}def handle_internal_error(error):`,
      `${inner}# Flask has logged the exception already; the client gets no traceback.`,
      `${inner}return jsonify({"error": "Internal server error"}), 500`,
      '',
    ].join(eol);
  },
};
