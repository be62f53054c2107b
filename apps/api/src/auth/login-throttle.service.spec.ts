import { AppConfig, validateEnvironment } from '@app/common';
import { InMemoryLoginThrottlesRepository, InMemoryUnitOfWork } from '@app/persistence';
import { LoginThrottle } from './login-throttle.service';

const WINDOW_SECONDS = 60;

function setup() {
  const config = new AppConfig(
    validateEnvironment({
      JWT_SECRET: 'k'.repeat(32),
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCKOUT_SECONDS: String(WINDOW_SECONDS),
    }),
  );
  const rows = new InMemoryLoginThrottlesRepository();
  const tx = new InMemoryUnitOfWork().tx;
  return { throttle: new LoginThrottle(rows, config), rows, tx };
}

describe('LoginThrottle', () => {
  it('should lock the name on the failure that reaches the maximum, not before', async () => {
    const { throttle, tx } = setup();
    expect(await throttle.recordFailure(tx, 'ana@example.org')).toBe(0);
    expect(await throttle.recordFailure(tx, 'ana@example.org')).toBe(0);
    expect(await throttle.lockedFor(tx, 'ana@example.org')).toBe(0);
    expect(await throttle.recordFailure(tx, 'ana@example.org')).toBe(WINDOW_SECONDS);
    expect(await throttle.lockedFor(tx, 'ana@example.org')).toBeGreaterThan(0);
  });

  it('should count every spelling of one account name together', async () => {
    const { throttle, tx } = setup();
    await throttle.recordFailure(tx, 'Ana@Example.org');
    await throttle.recordFailure(tx, ' ana@EXAMPLE.ORG ');
    expect(await throttle.recordFailure(tx, 'ana@example.org')).toBe(WINDOW_SECONDS);
    expect(await throttle.lockedFor(tx, 'ANA@example.org')).toBeGreaterThan(0);
  });

  it('should keep names apart', async () => {
    const { throttle, tx } = setup();
    await throttle.recordFailure(tx, 'ana@example.org');
    await throttle.recordFailure(tx, 'ana@example.org');
    expect(await throttle.recordFailure(tx, 'bea@example.org')).toBe(0);
  });

  it('should start counting afresh once the window has passed', async () => {
    const { throttle, rows, tx } = setup();
    await throttle.recordFailure(tx, 'ana@example.org');
    await throttle.recordFailure(tx, 'ana@example.org');
    rows.now += (WINDOW_SECONDS + 1) * 1000;
    expect(await throttle.recordFailure(tx, 'ana@example.org')).toBe(0);
  });

  it('should start counting afresh after a lock ran out', async () => {
    const { throttle, rows, tx } = setup();
    for (let i = 0; i < 3; i++) await throttle.recordFailure(tx, 'ana@example.org');
    rows.now += WINDOW_SECONDS * 1000;
    expect(await throttle.recordFailure(tx, 'ana@example.org')).toBe(0);
  });

  it('should forget the failures of a name that signed in', async () => {
    const { throttle, tx } = setup();
    await throttle.recordFailure(tx, 'ana@example.org');
    await throttle.recordFailure(tx, 'ana@example.org');
    await throttle.clear(tx, 'Ana@example.org');
    expect(await throttle.recordFailure(tx, 'ana@example.org')).toBe(0);
  });

  it('should key on a digest, never the address itself', () => {
    const key = LoginThrottle.keyOf('ana@example.org');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).toBe(LoginThrottle.keyOf(' ANA@example.org'));
  });
});
