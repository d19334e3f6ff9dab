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
);
