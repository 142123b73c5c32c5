// Security headers for everything the plugin serves: a Content-Security-Policy with no script at all, styles
// only from the plugin, forms posting only to the plugin, and frame-ancestors listing only the configured host
// origins ('none' when none are configured). When no embedding is allowed, X-Frame-Options: DENY says the same to
// older browsers that know no frame-ancestors; when origins are allowed it is left out (it cannot list several
// origins, and browsers that know frame-ancestors let it supersede X-Frame-Options). Strict-Transport-Security
// goes only on responses that travelled over TLS (RFC 6797 forbids it on plain HTTP): directly, or through a
// configured trusted proxy that says X-Forwarded-Proto: https.
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

const HSTS = 'max-age=31536000; includeSubDomains';

export function pluginSecurityHeaders(allowedOrigins: readonly string[]) {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        // One script file of the plugin's own (the panel's height for the host); never inline script.
        scriptSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: allowedOrigins.length > 0 ? [...allowedOrigins] : ["'none'"],
      },
    },
    frameguard: allowedOrigins.length > 0 ? false : { action: 'deny' },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    headers(req, res, next);
  };
}
