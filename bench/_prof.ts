import { testEngine, settingsWith } from '../test/support/engine';
import { flaskModule } from '../bench/generate';
async function main() {
  const engine = await testEngine();
  const text = flaskModule(Number(process.argv[2] ?? 50000));
  for (let i = 0; i < 3; i++) engine.analyseText(text, settingsWith({}), (a) => a.findings.length);
}
main();
