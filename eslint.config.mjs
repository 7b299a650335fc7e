import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The architecture, enforced: one pure evaluator (`evaluator/`) that every front end uses; shared code
 * below the front ends (`aws/` SDK plumbing, `settings/` what the constructs and the functions agree
 * on, `policy/` the rule as policy documents); and front ends that never import one another, but for
 * the entry points (`bin/` starts `cli/` and `app/`) and the CDK app (`app/` wires `lib/`'s constructs).
 */
const FRONT_ENDS = ['lambda', 'hook', 'cli', 'lib', 'app', 'bin'];
const SHARED = ['aws', 'settings', 'policy'];
const MAY_IMPORT_FRONT_ENDS = { bin: ['cli', 'app'], app: ['lib'] };
const everyFolder = ['evaluator', ...SHARED, ...FRONT_ENDS, 'scripts', 'bench', 'test'];
const allBut = (...allowed) =>
  everyFolder.filter((folder) => !allowed.includes(folder)).map((folder) => `./${folder}`);

const boundaries = [
  {
    target: './evaluator',
    from: allBut('evaluator'),
    message: 'The evaluator is pure and shared: it imports nothing outside evaluator/.',
  },
  {
    target: './aws',
    from: allBut('aws', 'evaluator'),
    message: 'aws/ serves every front end and imports only the evaluator.',
  },
  {
    target: './settings',
    from: allBut('settings', 'evaluator'),
    message: 'settings/ is shared by the constructs and the functions and imports only the evaluator.',
  },
  {
    target: './policy',
    from: allBut('policy', 'evaluator', 'aws'),
    message: 'policy/ writes the rule as policies from the evaluator and AWS names alone.',
  },
  ...FRONT_ENDS.map((frontEnd) => ({
    target: `./${frontEnd}`,
    from: FRONT_ENDS.filter(
      (other) => other !== frontEnd && !(MAY_IMPORT_FRONT_ENDS[frontEnd] ?? []).includes(other),
    )
      .concat(['scripts', 'bench', 'test'])
      .map((folder) => `./${folder}`),
    message:
      'Front ends depend on evaluator/ and the shared folders, never on one another (bin/ starts cli/ and app/, app/ wires lib/).',
  })),
  ...['scripts', 'bench'].map((tool) => ({
    target: `./${tool}`,
    from: './test',
    message: 'The demo, the scripts and the benchmarks run without the tests: they never import test/.',
  })),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'coverage/', 'dist/', '.bench/', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  importX.flatConfigs.typescript,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
    },
  },
  {
    // Relative imports only: a package (SDK, CDK, a parser) or a Node.js built-in would tie the core to
    // one front end's world, and any of them is refused here, not just a list of known offenders.
    files: ['evaluator/**/*.ts'],
    rules: {
      'import-x/no-nodejs-modules': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/)',
              message:
                'The evaluator judges plain data: it imports only its own modules (no package, no I/O).',
            },
          ],
        },
      ],
    },
  },
  {
    // jest's matchers and mocks are typed loosely, and fakes implement async interfaces synchronously;
    // the assertions, not the types, are what tests check.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
