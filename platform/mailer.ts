/**
 * Outgoing e-mail. With SMTP_URL set, messages go out through nodemailer's SMTP transport;
 * without it (a developer machine, tests) nothing is sent and the caller logs what it would
 * have sent — so an invitation link is never lost, and no test needs a mail server.
 */
import nodemailer from "nodemailer";

/** One plain-text message. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends mail; `send` resolves to false when no transport is configured. */
export interface Mailer {
  send(message: MailMessage): Promise<boolean>;
}

/** The mailer for a configuration: SMTP when a URL is given, otherwise one that sends nothing. */
export function createMailer(config: { readonly smtpUrl: string | undefined; readonly mailFrom: string }): Mailer {
  if (!config.smtpUrl) return { send: async () => false };
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: config.mailFrom, to: message.to, subject: message.subject, text: message.text });
      return true;
    },
  };
}
