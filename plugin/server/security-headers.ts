// Security headers for everything the plugin serves: a Content-Security-Policy with no script at all, styles
// only from the plugin, forms posting only to the plugin, and frame-ancestors listing only the configured host
// origins ('none' when none are configured). X-Frame-Options is left out: it cannot list several origins, and
// frame-ancestors supersedes it.
import helmet from 'helmet';

export function pluginSecurityHeaders(allowedOrigins: readonly string[]) {
  return helmet({
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
    frameguard: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
}
