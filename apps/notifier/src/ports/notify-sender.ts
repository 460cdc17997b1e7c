/**
 * Sends through GOV.UK Notify with the official client (`notifications-node-client`), against
 * `NOTIFY_BASE_URL` (the Notify sandbox locally). A 400 or 403 will not get better by retrying;
 * anything else (429, 5xx, no answer) may.
 */
import { NotifyClient } from 'notifications-node-client';
import type { OutgoingMessage } from '../domain/messages-for-event.ts';

export interface MessageSender {
  /** Resolves with Notify's notification id. @throws {PermanentSendError} when retrying cannot help */
  send(message: OutgoingMessage): Promise<string>;
}

export class PermanentSendError extends Error {
  static readonly code = 'NOTIFIER_ERR_PERMANENT';
  readonly code = PermanentSendError.code;
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export const NOTIFY_PRODUCTION_URL = 'https://api.notifications.service.gov.uk';

type NotifyError = { response?: { status?: number; data?: { errors?: Array<{ message?: string }> } } };

export class NotifySender implements MessageSender {
  readonly #client: NotifyClient;
  constructor(baseUrl: string, apiKey: string) {
    this.#client = new NotifyClient(baseUrl, apiKey);
  }

  async send(m: OutgoingMessage): Promise<string> {
    try {
      const res =
        m.channel === 'email'
          ? await this.#client.sendEmail(m.templateId, m.to, {
              personalisation: { ...m.personalisation },
              reference: m.reference,
            })
          : await this.#client.sendSms(m.templateId, m.to, {
              personalisation: { ...m.personalisation },
              reference: m.reference,
            });
      return res.data.id;
    } catch (err) {
      const status = (err as NotifyError).response?.status;
      if (status === 400 || status === 403) {
        throw new PermanentSendError(
          status,
          (err as NotifyError).response?.data?.errors?.[0]?.message ?? `Notify refused the message (${status})`,
        );
      }
      throw err;
    }
  }
}
