import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FailedEventMessage, FailureQueue } from '../../ports/failure-queue.js';

/**
 * Longer than a replay can last (the longest function's time limit, a live lease waited for):
 * a message being replayed is seen by no one else — the failures function included.
 */
const REPLAY_VISIBILITY_SECONDS = 15 * 60;
/** Long polling: an empty answer means an empty queue, not a sample of its servers that held nothing. */
const WAIT_SECONDS = 2;

/**
 * A failure queue (or its dead-letter queue) on SQS. A message kept is made visible again at
 * once, for a later run (this run does not receive it again: it stops at the first empty page,
 * and a kept message is only made visible at the end). Needs sqs:ReceiveMessage, sqs:DeleteMessage
 * and sqs:ChangeMessageVisibility on the queue.
 */
export class SqsFailureQueue implements FailureQueue {
  private readonly receipts = new Map<string, string>();
  private readonly kept: string[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async receive(max: number): Promise<FailedEventMessage[]> {
    const out = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: Math.max(1, Math.min(10, max)),
        VisibilityTimeout: REPLAY_VISIBILITY_SECONDS,
        WaitTimeSeconds: WAIT_SECONDS,
      }),
    );
    return (out.Messages ?? []).flatMap((m) => {
      if (!m.MessageId || !m.ReceiptHandle) return [];
      this.receipts.set(m.MessageId, m.ReceiptHandle);
      return [{ id: m.MessageId, body: m.Body ?? '' }];
    });
  }

  async remove(message: FailedEventMessage): Promise<void> {
    await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: this.receiptOf(message) }));
  }

  async keep(message: FailedEventMessage): Promise<void> {
    this.kept.push(this.receiptOf(message));
  }

  /** Makes the kept messages visible again: for the next run, once this one is over. */
  async close(): Promise<void> {
    for (const receipt of this.kept.splice(0)) {
      await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receipt, VisibilityTimeout: 0 }));
    }
  }

  private receiptOf(message: FailedEventMessage): string {
    const receipt = this.receipts.get(message.id);
    if (!receipt) throw new Error(`message ${message.id} was not received from ${this.queueUrl}`);
    return receipt;
  }
}
