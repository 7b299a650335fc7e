/**
 * The AWS SDK warns on Node.js 20 that its releases after January 2027 need Node.js 22. This project
 * supports 20.19 and recommends 22 (README); on every run of a command the notice would only clutter
 * its report, so the command-line entries import this first, before any client exists.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
