import { testEngine, settingsWith } from '../test/support/engine';
import { errorRanges } from '../test/support/properties';
const inputs: Record<string, string> = {
  nul: 'from flask import Flask\napp = Flask(__name__)\x00\napp.run()\napp.config["SECRET_KEY"] = "k"\n',
  py2: 'from flask import Flask\napp = Flask(__name__)\nprint "starting", app.run(debug=True)\ntry:\n    import json\nexcept ImportError, e:\n    app.secret_key = "abc"\nprint >>sys.stderr, "x"\nexec "app.run()"\napp.run(debug=True)\n',
  midEdit: 'from flask import Flask\napp = Flask(__name__)\napp.config.update(\n    SECRET_KEY="abc",\n@app.route("/")\ndef index():\n    return "x"\napp.run(debug=True\n',
  deep: 'from flask import Flask\napp = Flask(__name__)\nx = ' + '['.repeat(500) + 'app.run(debug=True)' + ']'.repeat(500) + '\n',
  deepOpen: 'from flask import Flask\napp = Flask(__name__)\nx = ' + '['.repeat(500) + 'app.run(debug=True)\napp.secret_key = "k"\n',
  deepBlocks: 'from flask import Flask\napp = Flask(__name__)\n' + Array.from({ length: 500 }, (_, i) => ' '.repeat(i) + 'if True:\n').join('') + ' '.repeat(500) + 'app.run(debug=True)\n',
  binary: 'from flask import Flask\n\uFFFD\uFFFD\u0001\u0002\uD800 \uDFFF\napp = Flask(__name__)\napp.run()\n',
};
(async () => {
  const engine = await testEngine();
  for (const [name, text] of Object.entries(inputs)) {
    const t0 = Date.now();
    const f = engine.analyseText(text, settingsWith({}), (a) => a.findings.map((x) => `${x.code}@${a.lines.positionAt(x.range.start).line}:${a.lines.positionAt(x.range.start).character}`));
    console.log(name, Date.now() - t0, 'ms', f, 'errors', JSON.stringify(errorRanges(engine, text)).slice(0, 200));
  }
})();
