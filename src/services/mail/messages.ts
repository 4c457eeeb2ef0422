import type { MailMessage } from "./outbox.js";

/**
 * The words of every message Handoff mails: plain text and HTML saying the same thing, the
 * organization's name, one link. No tracking of any kind: no pixels, no redirecting links, no remote
 * images or fonts — the HTML is self-contained.
 */

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

type Letter = {
  subject: string;
  greeting: string;
  /** Paragraphs before the link. */
  intro: string[];
  action: { label: string; url: string };
  /** Paragraphs after the link. */
  outro: string[];
};

/** One layout for every message, so they all read alike and none forgets the plain-text part. */
function render(letter: Letter): MailMessage {
  const text = [letter.greeting, "", ...letter.intro.flatMap((p) => [p, ""]), `${letter.action.label}: ${letter.action.url}`, "", ...letter.outro.flatMap((p) => [p, ""]), "— Handoff"].join("\n");
  const paragraph = (p: string) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`;
  const url = escapeHtml(letter.action.url);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(letter.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f7f9;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2328;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:24px">
${paragraph(letter.greeting)}
${letter.intro.map(paragraph).join("\n")}
<p style="margin:24px 0"><a href="${url}" style="background:#1f6feb;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(letter.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#57606a">Or copy this link into your browser:<br><span style="word-break:break-all">${url}</span></p>
${letter.outro.map(paragraph).join("\n")}
<p style="margin:0;color:#57606a">— Handoff</p>
</div>
</body></html>`;
  return { subject: letter.subject, text, html };
}

const hello = (name: string | null | undefined) => (name ? `Hello ${name},` : "Hello,");

export function claimLinkMail(p: { organizationName: string; name: string | null; projectName: string; url: string; expiresAt: Date }): MailMessage {
  return render({
    subject: `${p.organizationName} set up a Handoff account for you`,
    greeting: hello(p.name),
    intro: [
      `${p.organizationName} set up an account for you on Handoff, with the project "${p.projectName}" ready to use.`,
      "Claim it to make it yours: sign up or log in, and everything moves into your account.",
    ],
    action: { label: "Claim your account", url: p.url },
    outro: [
      `The link works once and expires at ${utc(p.expiresAt)}. Following it from this message also confirms that this address is yours.`,
      "If you did not expect this message, ignore it; nothing happens unless the link is used.",
    ],
  });
}

export function invitationMail(p: { organizationName: string; role: string; url: string; expiresAt: Date }): MailMessage {
  return render({
    subject: `You are invited to join ${p.organizationName} on Handoff`,
    greeting: hello(null),
    intro: [`${p.organizationName} invites you to join its organization on Handoff as ${p.role === "admin" ? "an admin" : "a member"}.`],
    action: { label: "Accept the invitation", url: p.url },
    outro: [
      `The link works once and expires at ${utc(p.expiresAt)}. Following it from this message also confirms that this address is yours.`,
      "If you did not expect this message, ignore it.",
    ],
  });
}

export function verificationMail(p: { name: string | null; email: string; url: string }): MailMessage {
  return render({
    subject: "Verify your email address for Handoff",
    greeting: hello(p.name),
    intro: [`Confirm that ${p.email} is your address: it lets you claim accounts and accept invitations made out to it.`],
    action: { label: "Verify my address", url: p.url },
    outro: ["The link works for 7 days.", "If you did not sign up for Handoff, ignore this message."],
  });
}

export function recoveryMail(p: { organizationName: string; name: string | null; url: string; expiresAt: Date }): MailMessage {
  return render({
    subject: `Recover your Handoff account for ${p.organizationName}`,
    greeting: hello(p.name),
    intro: [
      `An admin of ${p.organizationName} started the recovery of your Handoff account. Your old password no longer works and you were logged out everywhere.`,
      "Set a new password with the link below. Two-step login is turned off by the recovery; turn it on again from your account page afterwards.",
    ],
    action: { label: "Set a new password", url: p.url },
    outro: [
      `The link works once and expires at ${utc(p.expiresAt)}. After you set the password, an admin completes the recovery and you can log in again.`,
      "If you did not ask for this, tell your admin: nothing changes for your projects, agents and keys.",
    ],
  });
}
