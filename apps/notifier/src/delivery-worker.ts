/**
 * Handles one event from the queue: deduplicates by event id, finds the recipient and their
 * channels, sends what is still unsent through Notify, and records it. Resolves when the message
 * may be deleted; throws when it should come back later (and, after the queue's limit, go to the DLQ).
 */
import { platformEventSchema } from '@dwp/data-kit';
import { messagesForEvent } from './domain/messages-for-event.ts';
import { PermanentSendError, type MessageSender } from './ports/notify-sender.ts';
import type { Recipients } from './ports/recipients.ts';
import type { Deliveries } from './store/deliveries.ts';

export type DeliveryOutcome =
  'sent' | 'duplicate' | 'no-template' | 'no-recipient' | 'no-channel' | 'refused-by-notify';

export class MalformedEventError extends Error {
  static readonly code = 'NOTIFIER_ERR_MALFORMED_EVENT';
  readonly code = MalformedEventError.code;
}

export class EventBusyError extends Error {
  static readonly code = 'NOTIFIER_ERR_EVENT_BUSY';
  readonly code = EventBusyError.code;
}

export interface DeliveryWorkerDeps {
  readonly deliveries: Deliveries;
  readonly recipients: Recipients;
  readonly sender: MessageSender;
  readonly log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export class DeliveryWorker {
  readonly #deps: DeliveryWorkerDeps;
  constructor(deps: DeliveryWorkerDeps) {
    this.#deps = deps;
  }

  async handle(body: string): Promise<DeliveryOutcome> {
    let raw: unknown;
    try {
      raw = JSON.parse(body);
    } catch {
      throw new MalformedEventError('message body is not JSON');
    }
    const parsed = platformEventSchema.safeParse(raw);
    if (!parsed.success)
      throw new MalformedEventError(`message is not a platform event: ${parsed.error.issues[0]?.message ?? ''}`);
    const event = parsed.data;
    const { deliveries, recipients, sender } = this.#deps;

    const lease = await deliveries.lease(event.id, event.type);
    if (lease.kind === 'done') return 'duplicate';
    if (lease.kind === 'busy') throw new EventBusyError(`event ${event.id} is being delivered by another worker`);

    try {
      const recipient = await recipients.forUser(event.subject.userSub);
      if (!recipient) return await this.#finish(event.id, 'no-recipient');
      const messages = messagesForEvent(event, recipient);
      if (messages.length === 0)
        return await this.#finish(
          event.id,
          messagesForEvent(event, { ...recipient, email: 'x', mobile: 'x', channels: { email: true, sms: true } })
            .length
            ? 'no-channel'
            : 'no-template',
        );
      for (const m of messages) {
        if (lease.delivery.sent[m.channel]) continue; // sent before a crash: never twice
        const id = await sender.send(m);
        await deliveries.recordSent(event.id, m.channel, id);
        this.#deps.log?.info(
          { eventId: event.id, eventType: event.type, channel: m.channel, notificationId: id },
          'notification sent',
        );
      }
      return await this.#finish(event.id, 'sent');
    } catch (err) {
      if (err instanceof PermanentSendError) {
        this.#deps.log?.warn(
          { eventId: event.id, status: err.status, reason: err.message },
          'Notify refused the message; not retrying',
        );
        return this.#finish(event.id, 'refused-by-notify');
      }
      await deliveries.release(event.id).catch(() => undefined);
      throw err;
    }
  }

  async #finish(eventId: string, outcome: DeliveryOutcome): Promise<DeliveryOutcome> {
    await this.#deps.deliveries.finish(eventId, outcome);
    return outcome;
  }
}
