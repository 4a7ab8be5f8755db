import { testEngine } from '../test/support/engine';
(async () => {
  const engine = await testEngine();
  const text = JSON.parse(process.argv[2]!);
  engine.open('x://a.py', text, 0);
  const tree = engine.document('x://a.py')!.syntaxTree;
  console.log(tree.rootNode.toString());
  console.log('errors', engine.syntaxErrorCount(text));
})();
