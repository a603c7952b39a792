// @vitest-environment jsdom
// The console's sign-in: each refusal said from its code, in English and in Hindi (the locked
// name's time in IST), and a session the server ends while the console is open lands back on
// sign-in, saying why.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../console/app/App.js';
import { fakeServer, meOf, resetConsole, type Answer } from './fake-server.js';

const NO_SESSION: Answer = { status: 401, json: { error: 'no_session', message: 'sign in first' } };

beforeEach(resetConsole);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function signInWith(name: string, password: string, totp = '') {
  fireEvent.change(screen.getByLabelText('User name'), { target: { value: name } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  if (totp) fireEvent.change(screen.getByLabelText(/^Code from the authenticator app/), { target: { value: totp } });
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  });
}

describe('console sign-in', () => {
  it('says a wrong password, a locked name and too many attempts in English and in Hindi', async () => {
    const answers: Answer[] = [
      { status: 401, json: { error: 'bad_credentials', message: 'wrong name, password or code' } },
      { status: 423, json: { error: 'locked', message: 'locked until …', lockedUntil: '2026-12-07T05:00:00.000Z' } },
      { status: 429, json: { error: 'rate_limited', message: 'too many refused requests' } },
    ];
    const sent = fakeServer({ 'GET /me': NO_SESSION, 'POST /login': () => answers.shift()! });
    render(<App />);
    await screen.findByRole('heading', { name: 'Sign in to the central console' });
    // The code field is always there, said to be for administrators.
    expect(screen.getByLabelText(/^Code from the authenticator app \(administrators only\)/)).toBeTruthy();

    await signInWith('asha', 'wrong password');
    expect(screen.getByTestId('sign-in-error').textContent).toBe('Wrong name, password or code.');
    expect(sent.at(-1)).toEqual({ method: 'POST', path: '/login', body: { name: 'asha', password: 'wrong password' } });

    fireEvent.click(screen.getByTestId('language'));
    expect(screen.getByTestId('sign-in-error').textContent).toBe('नाम, पासवर्ड या कोड गलत है।');
    expect(localStorage.getItem('counterfoil.console.lang')).toBe('hi');
    expect(document.documentElement.lang).toBe('hi');

    fireEvent.change(screen.getByLabelText('उपयोगकर्ता नाम'), { target: { value: 'asha' } });
    fireEvent.change(screen.getByLabelText('पासवर्ड'), { target: { value: 'again wrong' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'प्रवेश करें' }));
    });
    expect(screen.getByTestId('sign-in-error').textContent).toBe('बहुत बार गलत प्रवेश: यह नाम 07-12-2026 10:30 IST तक लॉक है।');
    fireEvent.click(screen.getByTestId('language'));
    expect(screen.getByTestId('sign-in-error').textContent).toBe('Too many wrong sign-ins: this name is locked until 07-12-2026 10:30 IST.');

    await signInWith('asha', 'third try', '123456');
    expect(sent.at(-1)?.body).toEqual({ name: 'asha', password: 'third try', totp: '123456' });
    expect(screen.getByTestId('sign-in-error').textContent).toBe('Too many refused attempts from this computer: wait a few minutes and try again.');
    fireEvent.click(screen.getByTestId('language'));
    expect(screen.getByTestId('sign-in-error').textContent).toBe('इस कंप्यूटर से बहुत से प्रयास अस्वीकार हुए: कुछ मिनट रुककर फिर प्रयास करें।');
  });

  it('refuses a code that is not 6 digits before sending anything', async () => {
    const sent = fakeServer({ 'GET /me': NO_SESSION });
    render(<App />);
    await screen.findByRole('heading', { name: 'Sign in to the central console' });
    await signInWith('asha', 'some password', '12345');
    expect(screen.getByTestId('sign-in-error').textContent).toBe('The code from the authenticator app is 6 digits.');
    expect(sent.filter((s) => s.path === '/login')).toEqual([]);
  });

  it('goes back to sign-in, saying why, when the server has ended the session', async () => {
    let live = true;
    fakeServer({
      'GET /me': () => (live ? { json: meOf('viewer') } : NO_SESSION),
      'GET /census': () => (live ? { json: { at: '2026-12-07T04:30:00.000Z', terminals: [] } } : NO_SESSION),
    });
    render(<App />);
    await screen.findByText('No terminal is enrolled yet.');
    live = false;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    });
    expect((await screen.findByTestId('sign-in-notice')).textContent).toBe(
      'You were signed out: the session ended after 15 minutes without use, or was ended elsewhere. Sign in again.',
    );
    expect(screen.queryByRole('navigation')).toBeNull();
  });
});
