/** The version every transport reports; its own module so that `firebreak --version` loads nothing else. */
export const appVersion = process.env.FIREBREAK_VERSION ?? '0.1.0';
