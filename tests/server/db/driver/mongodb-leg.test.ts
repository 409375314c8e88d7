/** Reports whether the driver-level suites ran against a real MongoDB, and why not. */
import { kind } from './fixture';

describe(`database kind under test: ${kind}`, () => {
  if (!process.env.MONGODB_URI) {
    beforeAll(() => {
      process.stdout.write('MongoDB leg not run: MONGODB_URI is not set\n');
    });
    test.skip('MongoDB leg not run: MONGODB_URI is not set', () => undefined);
  }
  test(`driver-level suites target the ${kind} database`, () => {
    expect(['embedded', 'mongodb']).toContain(kind);
  });
});
