// Lint. The direction of imports between folders is checked by dependency-cruiser
// (.dependency-cruiser.mjs, `npm run lint:imports`), not here: one place for that rule.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", "client/dist/**", "ops/neo4j/target/**", ".data/**", "bench/results/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-debugger": "error",
      eqeqeq: ["error", "smart"],
    },
  },
  {
    // Errors only through the catalogue (domain/errors.ts): a code's status, wording and
    // field live in one named factory, so the same fault reads the same on every surface.
    files: ["**/*.ts"],
    ignores: ["domain/errors.ts", "domain/errors.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "NewExpression[callee.name='TurashError']",
          message: "raise errors through the catalogue's factories (errors.* or relocated in domain/errors.ts); add a factory there if none fits",
        },
      ],
    },
  },
);
