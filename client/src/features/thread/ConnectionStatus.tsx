import { useTranslation } from 'react-i18next';
import { useConnected } from '../../realtime/useSocketEvent';

/**
 * The connection state where the user writes (the page's "Connection lost" banner is at the top, out of view): a
 * polite live region next to the composer saying whether posts go out now or wait, and how many are waiting.
 */
export function ConnectionStatus({ waiting }: { waiting: number }) {
  const { t } = useTranslation();
  const connected = useConnected();
  let text: string;
  if (!connected)
    text =
      waiting > 0
        ? `${t('connection.offline')} ${t('connection.waiting', { count: waiting })}`
        : t('connection.offline');
  else text = waiting > 0 ? t('connection.sending', { count: waiting }) : t('connection.online');
  return (
    <p
      className={`connection-status ${connected ? 'online' : 'offline'}`}
      role="status"
      data-testid="connection-status"
      data-connected={connected}
    >
      <span className="connection-dot" aria-hidden="true" />
      {text}
    </p>
  );
}
