/* stream-ssl: the ssl: and pssl: classes, TLS over TCP with OpenSSL.
 *
 * Trust model (as Open vSwitch's): both ends present a certificate and
 * both verify the other's against the configured CA certificate(s); a peer
 * without a certificate signed by a trusted CA is refused, in either
 * direction.  Host names are not checked: whoever holds a certificate from
 * the CA is trusted.  The peer's identity, for logs and for callers, is
 * the subject common name of its certificate (stream_get_peer_id()).
 *
 * Bootstrapping (--bootstrap-ca-cert): a client whose CA certificate file
 * does not exist yet accepts the first server it talks to without
 * verification, saves the self-signed CA certificate at the top of the
 * chain the server sent (so the server must send it: --peer-ca-cert) to
 * that file, then checks the server's certificate against it and trusts
 * that CA from then on.
 *
 * Configuration: the stream_ssl_set_*() functions read and check their file
 * at once (so a typo is reported when the option is given) and keep the
 * parsed objects; the SSL_CTX that streams are created from is rebuilt
 * from them on the next open after any change.  Streams already open keep
 * the context they were made with (OpenSSL reference-counts it).
 *
 * Non-blocking I/O: OpenSSL reports that an operation must wait for the
 * socket to become readable or writable (SSL_ERROR_WANT_READ/WRITE,
 * whatever the operation: a read may need to write and vice versa); each
 * stream remembers that per direction and its wait hooks poll for it.
 * SSL_write() must be retried with the same bytes after it wants to wait,
 * which a stream_send() caller does not promise, so sent data is copied
 * into a buffer of the stream first and pushed out from there. */
#include <config.h>
#include "stream-provider.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "osw/dynamic-string.h"
#include "osw/poll-loop.h"
#include "osw/util.h"
#include "osw/vlog.h"
#include "socket-util.h"

VLOG_DEFINE_THIS_MODULE(stream_ssl);

static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(10, 25);

/* OpenSSL's default cipher list includes some that we do not want. */
#define SSL_DEFAULT_CIPHERS "HIGH:!aNULL:!MD5"

/* Maximum bytes a single stream_send() takes: one TLS record. */
#define SSL_TXBUF_SIZE 16384

/* Configuration: see the comment at the top of the file. */
struct ssl_config {
    char *private_key_file;
    EVP_PKEY *private_key;

    char *certificate_file;
    X509 *certificate;
    STACK_OF(X509) *certificate_chain;  /* Rest of the certificate file. */

    char *ca_cert_file;
    STACK_OF(X509) *ca_certs;           /* NULL if none could be read. */
    bool ca_bootstrap;                  /* CA file missing, bootstrap it. */

    char *peer_ca_cert_file;
    X509 *peer_ca_cert;

    int min_version;                    /* TLS1_2_VERSION etc. */
    int max_version;                    /* 0: the highest OpenSSL has. */
    char *ciphers;

    SSL_CTX *ctx;                       /* NULL: rebuild before use. */
    bool ctx_failed;                    /* Building failed, logged. */
};

static struct ssl_config config = {
    .min_version = TLS1_2_VERSION,
    .max_version = 0,
};

static void
ssl_init(void)
{
    static bool inited;

    if (!inited) {
        struct sigaction old;

        inited = true;
        OPENSSL_init_ssl(0, NULL);
        /* OpenSSL writes to the socket with write(), so a peer that went
         * away would kill the process with SIGPIPE instead of making one
         * stream fail with EPIPE.  Leave alone a program that chose its
         * own handling. */
        if (!sigaction(SIGPIPE, NULL, &old) && old.sa_handler == SIG_DFL) {
            signal(SIGPIPE, SIG_IGN);
        }
    }
}

static void
ssl_config_changed(void)
{
    SSL_CTX_free(config.ctx);
    config.ctx = NULL;
    config.ctx_failed = false;
}

/* Appends the reasons of the errors queued by OpenSSL to 'ds' and empties
 * the queue. */
static void
ssl_format_errors(struct ds *ds)
{
    unsigned long err;
    size_t start = ds->length;

    while ((err = ERR_get_error()) != 0) {
        const char *reason = ERR_reason_error_string(err);
        char buf[256];

        if (!reason) {
            ERR_error_string_n(err, buf, sizeof buf);
            reason = buf;
        }
        if (ds->length > start) {
            ds_put_cstr(ds, "; ");
        }
        ds_put_cstr(ds, reason);
    }
    if (ds->length == start) {
        ds_put_cstr(ds, "unknown error");
    }
}

/* Returns a string (owned by the caller) with OpenSSL's queued errors. */
static char *
ssl_errors_to_string(void)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    ssl_format_errors(&ds);
    return ds_steal_cstr(&ds);
}

/* Returns 'name' in RFC 2253 form, e.g. "CN=switch1,O=Example".  The
 * caller frees the result. */
static char *
ssl_name_to_string(const X509_NAME *name)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data, *s;
    long len;

    if (!bio) {
        return xstrdup("(unknown)");
    }
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
    len = BIO_get_mem_data(bio, &data);
    s = len > 0 ? xmemdup0(data, len) : xstrdup("(empty)");
    BIO_free(bio);
    return s;
}

/* Returns the SHA-256 fingerprint of 'cert' as colon-separated hex.  The
 * caller frees the result. */
static char *
ssl_fingerprint(const X509 *cert)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    struct ds ds = DS_EMPTY_INITIALIZER;

    if (!X509_digest(cert, EVP_sha256(), md, &len)) {
        return xstrdup("(unknown)");
    }
    for (unsigned int i = 0; i < len; i++) {
        ds_put_format(&ds, "%s%02X", i ? ":" : "", md[i]);
    }
    return ds_steal_cstr(&ds);
}

/* Refuses to prompt for a passphrase on the terminal: an encrypted key is
 * an error, reported as such. */
static int
ssl_no_password_cb(char *buf OSW_UNUSED, int size OSW_UNUSED,
                   int rwflag OSW_UNUSED, void *u OSW_UNUSED)
{
    return -1;
}

static FILE *
ssl_open_file(const char *file_name, const char *what)
{
    FILE *file = fopen(file_name, "r");

    if (!file) {
        VLOG_ERR("%s: could not open %s file (%s)", file_name, what,
                 osw_strerror(errno));
    }
    return file;
}

/* Reads every PEM certificate in 'file_name' into a new '*certsp'.
 * Returns 0, or a positive errno value after logging why. */
static int
ssl_read_certs(const char *file_name, const char *what,
               STACK_OF(X509) **certsp)
{
    STACK_OF(X509) *certs;
    FILE *file;
    X509 *cert;
    unsigned long err;

    *certsp = NULL;
    file = ssl_open_file(file_name, what);
    if (!file) {
        return errno ? errno : ENOENT;
    }
    certs = sk_X509_new_null();
    ERR_clear_error();
    while ((cert = PEM_read_X509(file, NULL, ssl_no_password_cb, NULL))) {
        sk_X509_push(certs, cert);
    }
    fclose(file);

    /* The loop ends with "no start line" at the end of the file; anything
     * else is a damaged file. */
    err = ERR_peek_last_error();
    if (ERR_GET_LIB(err) == ERR_LIB_PEM
        && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) {
        ERR_clear_error();
        if (sk_X509_num(certs) > 0) {
            *certsp = certs;
            return 0;
        }
        VLOG_ERR("%s: no PEM certificate in %s file", file_name, what);
    } else {
        char *errors = ssl_errors_to_string();
        VLOG_ERR("%s: could not read %s file (%s)", file_name, what, errors);
        free(errors);
    }
    sk_X509_pop_free(certs, X509_free);
    return EPROTO;
}

/* Replaces '*file_namep' by a copy of 'file_name' (or NULL). */
static void
ssl_set_file_name(char **file_namep, const char *file_name)
{
    free(*file_namep);
    *file_namep = file_name && *file_name ? xstrdup(file_name) : NULL;
}

/* Reads the private key from 'file_name' (PEM, unencrypted). */
void
stream_ssl_set_private_key_file(const char *file_name)
{
    FILE *file;

    ssl_init();
    ssl_set_file_name(&config.private_key_file, file_name);
    EVP_PKEY_free(config.private_key);
    config.private_key = NULL;
    ssl_config_changed();
    if (!config.private_key_file) {
        return;
    }

    file = ssl_open_file(file_name, "private key");
    if (file) {
        ERR_clear_error();
        config.private_key = PEM_read_PrivateKey(file, NULL,
                                                 ssl_no_password_cb, NULL);
        fclose(file);
        if (!config.private_key) {
            char *errors = ssl_errors_to_string();
            VLOG_ERR("%s: could not read private key (%s)", file_name,
                     errors);
            free(errors);
        }
    }
}

/* Reads our certificate from 'file_name' (PEM): the first certificate in
 * the file is ours, any others are the chain sent to peers with it. */
void
stream_ssl_set_certificate_file(const char *file_name)
{
    STACK_OF(X509) *certs;

    ssl_init();
    ssl_set_file_name(&config.certificate_file, file_name);
    X509_free(config.certificate);
    config.certificate = NULL;
    sk_X509_pop_free(config.certificate_chain, X509_free);
    config.certificate_chain = NULL;
    ssl_config_changed();
    if (!config.certificate_file) {
        return;
    }

    if (!ssl_read_certs(file_name, "certificate", &certs)) {
        config.certificate = sk_X509_shift(certs);
        config.certificate_chain = certs;
    }
}

/* Reads the CA certificate(s) that peers' certificates must chain to from
 * 'file_name'.  With 'bootstrap', a missing file is not an error: see the
 * comment at the top of this file. */
void
stream_ssl_set_ca_cert_file(const char *file_name, bool bootstrap)
{
    struct stat st;

    ssl_init();
    ssl_set_file_name(&config.ca_cert_file, file_name);
    sk_X509_pop_free(config.ca_certs, X509_free);
    config.ca_certs = NULL;
    config.ca_bootstrap = false;
    ssl_config_changed();
    if (!config.ca_cert_file) {
        return;
    }

    if (bootstrap && stat(file_name, &st) && errno == ENOENT) {
        config.ca_bootstrap = true;
        VLOG_INFO("%s: CA certificate file does not exist, will bootstrap "
                  "it from the first peer", file_name);
    } else {
        ssl_read_certs(file_name, "CA certificate", &config.ca_certs);
    }
}

/* Reads a CA certificate to send to peers along with ours, so that a peer
 * that bootstraps its CA certificate can find it. */
void
stream_ssl_set_peer_ca_cert_file(const char *file_name)
{
    STACK_OF(X509) *certs;

    ssl_init();
    ssl_set_file_name(&config.peer_ca_cert_file, file_name);
    X509_free(config.peer_ca_cert);
    config.peer_ca_cert = NULL;
    ssl_config_changed();
    if (!config.peer_ca_cert_file) {
        return;
    }

    if (!ssl_read_certs(file_name, "peer CA certificate", &certs)) {
        config.peer_ca_cert = sk_X509_shift(certs);
        if (sk_X509_num(certs)) {
            VLOG_WARN("%s: using only the first of several certificates",
                      file_name);
        }
        sk_X509_pop_free(certs, X509_free);
    }
}

static int
ssl_protocol_version(const char *name)
{
    static const struct {
        const char *name;
        int version;
    } protocols[] = {
        { "TLSv1", TLS1_VERSION },
        { "TLSv1.1", TLS1_1_VERSION },
        { "TLSv1.2", TLS1_2_VERSION },
        { "TLSv1.3", TLS1_3_VERSION },
    };

    for (size_t i = 0; i < ARRAY_SIZE(protocols); i++) {
        if (!strcasecmp(name, protocols[i].name)) {
            return protocols[i].version;
        }
    }
    return 0;
}

/* Sets the TLS versions to allow from 'protocols', a list such as
 * "TLSv1.2,TLSv1.3" (commas or spaces between).  OpenSSL takes a range, so
 * every version between the lowest and the highest listed is allowed.
 * NULL or "" restores the default, TLSv1.2 and later.  A bad list is
 * logged and leaves the setting alone. */
void
stream_ssl_set_protocols(const char *protocols)
{
    int min = 0, max = 0;
    char *copy, *save_ptr = NULL;

    ssl_init();
    if (!protocols || !*protocols) {
        config.min_version = TLS1_2_VERSION;
        config.max_version = 0;
        ssl_config_changed();
        return;
    }

    copy = xstrdup(protocols);
    for (char *word = strtok_r(copy, ", ", &save_ptr); word;
         word = strtok_r(NULL, ", ", &save_ptr)) {
        int version = ssl_protocol_version(word);
        if (!version) {
            VLOG_ERR("%s: unknown SSL protocol in \"%s\" (use TLSv1.2, "
                     "TLSv1.3...)", word, protocols);
            free(copy);
            return;
        }
        min = min ? MIN(min, version) : version;
        max = MAX(max, version);
    }
    free(copy);
    if (!min) {
        VLOG_ERR("\"%s\": no SSL protocol listed", protocols);
        return;
    }
    config.min_version = min;
    config.max_version = max;
    ssl_config_changed();
}

/* Sets the OpenSSL cipher list for TLSv1.2 and earlier (TLSv1.3 suites are
 * OpenSSL's defaults).  NULL or "" restores the default.  A list that
 * OpenSSL rejects is logged and leaves the setting alone. */
void
stream_ssl_set_ciphers(const char *ciphers)
{
    ssl_init();
    if (ciphers && *ciphers) {
        SSL_CTX *test = SSL_CTX_new(TLS_method());
        bool ok = test && SSL_CTX_set_cipher_list(test, ciphers);

        SSL_CTX_free(test);
        if (!ok) {
            char *errors = ssl_errors_to_string();
            VLOG_ERR("\"%s\": invalid SSL cipher list (%s)", ciphers, errors);
            free(errors);
            return;
        }
    }
    ssl_set_file_name(&config.ciphers, ciphers);
    ssl_config_changed();
}

/* Returns true if a private key, a certificate and a CA certificate (or a
 * CA certificate file to bootstrap) are all set. */
bool
stream_ssl_is_configured(void)
{
    return (config.private_key_file && config.certificate_file
            && config.ca_cert_file);
}

/* The SSL streams. */

enum ssl_role {
    SSL_ROLE_CLIENT,
    SSL_ROLE_SERVER
};

enum ssl_state {
    SSL_STATE_TCP_CONNECTING,   /* Non-blocking TCP connect in progress. */
    SSL_STATE_HANDSHAKE,        /* TLS handshake (or connected). */
};

/* What an OpenSSL call is waiting for before it can be retried. */
enum ssl_want {
    SSL_WANT_NOTHING,
    SSL_WANT_READ,
    SSL_WANT_WRITE
};

struct ssl_stream {
    struct stream stream;
    enum ssl_role role;
    enum ssl_state state;
    int fd;
    SSL *ssl;
    bool bootstrapping;         /* Client saving the peer's CA cert. */

    /* Handshake and reads wait on 'rx_want', buffered writes on
     * 'tx_want'. */
    enum ssl_want rx_want;
    enum ssl_want tx_want;

    /* Data accepted by ssl_send() but not yet taken by SSL_write(). */
    uint8_t *txbuf;             /* SSL_TXBUF_SIZE bytes, or NULL. */
    size_t tx_ofs;              /* Offset of the first byte not sent. */
    size_t tx_len;              /* Bytes still to send. */
    int tx_error;               /* Failure while flushing, or 0. */

    char *peer_id;              /* Peer certificate's CN, or NULL. */
};

static struct ssl_stream *
ssl_stream_cast(const struct stream *stream)
{
    osw_assert(stream->class == &ssl_stream_class);
    return CONTAINER_OF(stream, struct ssl_stream, stream);
}

/* Logs why the peer's certificate chain failed verification, with the
 * details OpenSSL only gives here (which certificate, at what depth). */
static int
ssl_verify_cb(int preverify_ok, X509_STORE_CTX *store_ctx)
{
    SSL *ssl = X509_STORE_CTX_get_ex_data(
        store_ctx, SSL_get_ex_data_X509_STORE_CTX_idx());
    struct ssl_stream *s = ssl ? SSL_get_app_data(ssl) : NULL;

    /* While bootstrapping, failures are expected and ignored: the chain is
     * checked afterwards against the CA certificate it brought. */
    if (!preverify_ok && !(s && s->bootstrapping)) {
        X509 *cert = X509_STORE_CTX_get_current_cert(store_ctx);
        int error = X509_STORE_CTX_get_error(store_ctx);
        char *subject = (cert
                         ? ssl_name_to_string(X509_get_subject_name(cert))
                         : xstrdup("(none)"));

        VLOG_WARN_RL(&rl, "%s: peer certificate rejected: %s (depth %d, "
                     "subject %s)", s ? s->stream.name : "ssl",
                     X509_verify_cert_error_string(error),
                     X509_STORE_CTX_get_error_depth(store_ctx), subject);
        free(subject);
    }
    return preverify_ok;
}

/* Builds the SSL_CTX from 'config'.  Returns NULL (after logging) if the
 * configuration cannot work. */
static SSL_CTX *
ssl_build_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    X509_STORE *store;

    if (!ctx) {
        goto error;
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
                        /* A peer that closes without close_notify is at
                         * end of stream, as with plain TCP. */
                        | SSL_OP_IGNORE_UNEXPECTED_EOF
#endif
                        );
    SSL_CTX_set_mode(ctx, (SSL_MODE_ENABLE_PARTIAL_WRITE
                           | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER));
    if (!SSL_CTX_set_min_proto_version(ctx, config.min_version)
        || !SSL_CTX_set_max_proto_version(ctx, config.max_version)
        || !SSL_CTX_set_cipher_list(ctx, (config.ciphers ? config.ciphers
                                          : SSL_DEFAULT_CIPHERS))) {
        goto error;
    }

    if (config.private_key
        && !SSL_CTX_use_PrivateKey(ctx, config.private_key)) {
        goto error;
    }
    if (config.certificate) {
        if (!SSL_CTX_use_certificate(ctx, config.certificate)) {
            goto error;
        }
        for (int i = 0; i < sk_X509_num(config.certificate_chain); i++) {
            X509 *cert = sk_X509_value(config.certificate_chain, i);
            if (!SSL_CTX_add1_chain_cert(ctx, cert)) {
                goto error;
            }
        }
        if (config.peer_ca_cert
            && !SSL_CTX_add1_chain_cert(ctx, config.peer_ca_cert)) {
            goto error;
        }
    }
    if (config.private_key && config.certificate
        && !SSL_CTX_check_private_key(ctx)) {
        VLOG_ERR("%s: private key does not match certificate %s",
                 config.private_key_file, config.certificate_file);
        ERR_clear_error();
        SSL_CTX_free(ctx);
        return NULL;
    }

    store = X509_STORE_new();
    if (!store) {
        goto error;
    }
    for (int i = 0; i < sk_X509_num(config.ca_certs); i++) {
        X509 *ca = sk_X509_value(config.ca_certs, i);
        X509_STORE_add_cert(store, ca);
        /* Tells clients which CAs we accept client certificates from. */
        SSL_CTX_add_client_CA(ctx, ca);
    }
    SSL_CTX_set_cert_store(ctx, store);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                       ssl_verify_cb);
    return ctx;

error:
    {
        char *errors = ssl_errors_to_string();
        VLOG_ERR("could not set up SSL context (%s)", errors);
        free(errors);
    }
    SSL_CTX_free(ctx);
    return NULL;
}

/* Returns the context for new streams, building it if needed, or NULL if
 * that fails. */
static SSL_CTX *
ssl_get_ctx(void)
{
    if (!config.ctx && !config.ctx_failed) {
        config.ctx = ssl_build_ctx();
        config.ctx_failed = !config.ctx;
    }
    return config.ctx;
}

/* Returns 0 if SSL is configured well enough to make a stream in 'role',
 * otherwise logs what is missing and returns ENOPROTOOPT. */
static int
ssl_check_configured(enum ssl_role role)
{
    const char *missing = NULL;

    if (!config.private_key) {
        missing = (config.private_key_file
                   ? "the private key could not be read"
                   : "a private key must be configured (--private-key)");
    } else if (!config.certificate) {
        missing = (config.certificate_file
                   ? "the certificate could not be read"
                   : "a certificate must be configured (--certificate)");
    } else if (!config.ca_certs && !config.ca_bootstrap) {
        missing = (config.ca_cert_file
                   ? "the CA certificate could not be read"
                   : "a CA certificate must be configured (--ca-cert)");
    } else if (!config.ca_certs && role == SSL_ROLE_SERVER) {
        missing = "a listener needs the CA certificate to verify clients, "
                  "it cannot bootstrap it";
    }
    if (missing) {
        VLOG_ERR_RL(&rl, "cannot use SSL: %s", missing);
        return ENOPROTOOPT;
    }
    return 0;
}

/* Creates in '*streamp' an SSL stream named 'name' on socket 'fd', in
 * 'role', whose TCP connection is complete (tcp_status 0) or in progress
 * (EAGAIN).  Takes ownership of 'name' and 'fd' even on failure. */
static int
ssl_stream_create(char *name, int fd, enum ssl_role role, int tcp_status,
                  struct stream **streamp)
{
    SSL_CTX *ctx;
    struct ssl_stream *s;
    SSL *ssl = NULL;

    ctx = ssl_get_ctx();
    if (!ctx) {
        goto error;
    }
    ssl = SSL_new(ctx);
    if (!ssl || !SSL_set_fd(ssl, fd)) {
        char *errors = ssl_errors_to_string();
        VLOG_ERR_RL(&rl, "%s: could not create SSL session (%s)", name,
                    errors);
        free(errors);
        goto error;
    }

    s = xzalloc(sizeof *s);
    stream_init(&s->stream, &ssl_stream_class, EAGAIN, name);
    s->role = role;
    s->state = (tcp_status == EAGAIN ? SSL_STATE_TCP_CONNECTING
                : SSL_STATE_HANDSHAKE);
    s->fd = fd;
    s->ssl = ssl;
    SSL_set_app_data(ssl, s);
    if (role == SSL_ROLE_CLIENT) {
        SSL_set_connect_state(ssl);
        if (config.ca_bootstrap) {
            /* Nothing to verify against yet: ssl_bootstrap_ca() checks
             * the chain once the CA certificate is saved. */
            SSL_set_verify(ssl, SSL_VERIFY_NONE, NULL);
            s->bootstrapping = true;
        }
    } else {
        SSL_set_accept_state(ssl);
    }
    *streamp = &s->stream;
    return 0;

error:
    SSL_free(ssl);
    close(fd);
    free(name);
    return EPROTO;
}

/* Interprets the result 'ret' of an OpenSSL I/O call that failed, made by
 * 'function' (for logs) on 's', with 'saved_errno' the errno right after
 * the call.  Returns EAGAIN (after storing what to wait for in '*want'),
 * EOF for a clean end of stream, or a positive errno value (logged). */
static int
ssl_interpret_error(struct ssl_stream *s, const char *function, int ret,
                    int saved_errno, enum ssl_want *want)
{
    int ssl_error = SSL_get_error(s->ssl, ret);

    switch (ssl_error) {
    case SSL_ERROR_WANT_READ:
        *want = SSL_WANT_READ;
        return EAGAIN;

    case SSL_ERROR_WANT_WRITE:
        *want = SSL_WANT_WRITE;
        return EAGAIN;

    case SSL_ERROR_ZERO_RETURN:
        return EOF;

    case SSL_ERROR_SYSCALL:
        if (ERR_peek_error()) {
            break;              /* Log OpenSSL's reasons below. */
        } else if (!saved_errno) {
            return EOF;         /* The peer closed the TCP connection. */
        }
        VLOG_WARN_RL(&rl, "%s: %s failed (%s)", s->stream.name, function,
                     osw_strerror(saved_errno));
        return saved_errno;

    case SSL_ERROR_SSL:
    default:
        break;
    }

    {
        struct ds ds = DS_EMPTY_INITIALIZER;
        ssl_format_errors(&ds);
        VLOG_WARN_RL(&rl, "%s: %s failed: %s", s->stream.name, function,
                     ds_cstr(&ds));
        ds_destroy(&ds);
    }
    return EPROTO;
}

/* Returns 'ssl''s peer certificate (not a new reference), or NULL. */
static X509 *
ssl_peer_certificate(const SSL *ssl)
{
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
    return SSL_get0_peer_certificate(ssl);
#else
    X509 *cert = SSL_get_peer_certificate(ssl);
    X509_free(cert);            /* The session still holds a reference. */
    return cert;
#endif
}

/* Returns the subject common name of 'cert' as a new string, or NULL if
 * it has none that can be shown safely. */
static char *
ssl_get_common_name(const X509 *cert)
{
    const X509_NAME *subject = X509_get_subject_name(cert);
    int idx = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    unsigned char *utf8;
    char *cn = NULL;
    int len;

    if (idx < 0) {
        return NULL;
    }
    len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(
                                  X509_NAME_get_entry(subject, idx)));
    if (len >= 0) {
        if (!memchr(utf8, '\0', len)) {
            cn = xmemdup0((const char *) utf8, len);
        }
        OPENSSL_free(utf8);
    }
    return cn;
}

/* Writes 'cert' to a new file 'file_name', atomically: the file appears
 * whole or not at all.  Returns 0, EEXIST if the file appeared meanwhile,
 * or another positive errno value. */
static int
ssl_save_cert(X509 *cert, const char *file_name)
{
    char *tmp = NULL;
    int error = 0;
    FILE *file;
    int fd = -1;

    for (int i = 0; i < 100 && fd < 0; i++) {
        free(tmp);
        tmp = osw_unique_name(file_name);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST) {
            break;
        }
    }
    if (fd < 0) {
        error = errno;
        free(tmp);
        return error;
    }
    /* A CA certificate is public; let other tools read it. */
    if (fchmod(fd, 0644) < 0) {
        error = errno;
    }
    file = fdopen(fd, "w");
    if (!file) {
        error = errno;
        close(fd);
    } else {
        if (!error && (!PEM_write_X509(file, cert) || fflush(file)
                       || fsync(fileno(file)))) {
            error = errno ? errno : EIO;
        }
        if (fclose(file) && !error) {
            error = errno;
        }
    }
    if (!error && link(tmp, file_name) < 0) {
        error = errno;
    }
    unlink(tmp);
    free(tmp);
    ERR_clear_error();
    return error;
}

/* Verifies the peer's certificate chain of client 's' against the
 * configured CA certificates.  Returns 0 or EPROTO (logged). */
static int
ssl_verify_peer_chain(struct ssl_stream *s)
{
    X509 *leaf = ssl_peer_certificate(s->ssl);
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(s->ssl);
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *vctx = X509_STORE_CTX_new();
    int error = EPROTO;

    if (leaf && store && vctx) {
        for (int i = 0; i < sk_X509_num(config.ca_certs); i++) {
            X509_STORE_add_cert(store, sk_X509_value(config.ca_certs, i));
        }
        if (X509_STORE_CTX_init(vctx, store, leaf, chain)
            && X509_STORE_CTX_set_default(vctx, "ssl_server")) {
            if (X509_verify_cert(vctx) == 1) {
                error = 0;
            } else {
                VLOG_WARN_RL(&rl, "%s: peer certificate rejected by the "
                             "bootstrapped CA certificate: %s",
                             s->stream.name,
                             X509_verify_cert_error_string(
                                 X509_STORE_CTX_get_error(vctx)));
            }
        }
    }
    X509_STORE_CTX_free(vctx);
    X509_STORE_free(store);
    ERR_clear_error();
    return error;
}

/* Completes bootstrapping on client 's', just connected without
 * verification: saves the CA certificate at the top of the peer's chain,
 * trusts it, and verifies the peer with it.  Returns 0 or a positive errno
 * value (logged). */
static int
ssl_bootstrap_ca(struct ssl_stream *s)
{
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(s->ssl);
    int n = chain ? sk_X509_num(chain) : 0;
    X509 *ca = n ? sk_X509_value(chain, n - 1) : NULL;

    if (!ca || X509_check_issued(ca, ca) != X509_V_OK
        || X509_check_ca(ca) <= 0) {
        VLOG_ERR("%s: cannot bootstrap CA certificate: the peer did not "
                 "send a self-signed CA certificate at the top of its "
                 "chain (it should be run with --peer-ca-cert)",
                 s->stream.name);
        return EPROTO;
    }

    /* Another stream may have bootstrapped since this one started. */
    if (config.ca_bootstrap) {
        const char *file_name = config.ca_cert_file;
        STACK_OF(X509) *certs;
        int error = ssl_save_cert(ca, file_name);

        if (error && error != EEXIST) {
            VLOG_ERR("%s: could not save bootstrapped CA certificate (%s)",
                     file_name, osw_strerror(error));
            return error;
        }
        if (ssl_read_certs(file_name, "CA certificate", &certs)) {
            return EPROTO;
        }
        config.ca_certs = certs;
        config.ca_bootstrap = false;
        ssl_config_changed();

        if (!error) {
            char *subject = ssl_name_to_string(X509_get_subject_name(ca));
            char *fingerprint = ssl_fingerprint(ca);
            VLOG_INFO("%s: bootstrapped CA certificate from %s (subject %s, "
                      "SHA-256 fingerprint %s)", file_name, s->stream.name,
                      subject, fingerprint);
            free(subject);
            free(fingerprint);
        } else {
            VLOG_INFO("%s: CA certificate appeared while bootstrapping, "
                      "using it", file_name);
        }
    }
    return ssl_verify_peer_chain(s);
}

static int
ssl_connect(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    int ret, error;

    if (s->state == SSL_STATE_TCP_CONNECTING) {
        error = check_connection_completion(s->fd);
        if (error) {
            return error;
        }
        s->state = SSL_STATE_HANDSHAKE;
    }

    ERR_clear_error();
    errno = 0;
    ret = (s->role == SSL_ROLE_CLIENT
           ? SSL_connect(s->ssl) : SSL_accept(s->ssl));
    if (ret != 1) {
        error = ssl_interpret_error(s, "TLS handshake", ret, errno,
                                    &s->rx_want);
        if (error == EOF) {
            VLOG_WARN_RL(&rl, "%s: peer closed the connection during the "
                         "TLS handshake", stream->name);
            return ECONNRESET;
        }
        return error;
    }
    s->rx_want = SSL_WANT_NOTHING;

    if (s->bootstrapping) {
        error = ssl_bootstrap_ca(s);
        if (error) {
            return error;
        }
    }
    X509 *cert = ssl_peer_certificate(s->ssl);
    s->peer_id = cert ? ssl_get_common_name(cert) : NULL;
    VLOG_DBG("%s: connected with %s (%s), peer \"%s\"", stream->name,
             SSL_get_version(s->ssl), SSL_get_cipher_name(s->ssl),
             s->peer_id ? s->peer_id : "(no CN)");
    return 0;
}

static void
ssl_close(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    if (SSL_is_init_finished(s->ssl)) {
        /* Best effort close_notify; never waits for the peer's. */
        SSL_shutdown(s->ssl);
    }
    ERR_clear_error();
    SSL_free(s->ssl);
    close(s->fd);
    free(s->txbuf);
    free(s->peer_id);
    stream_uninit(stream);
    free(s);
}

/* Pushes buffered output into SSL_write().  Returns 0 when the buffer is
 * empty, EAGAIN if it must wait, or a positive errno value (the buffered
 * data is then dropped and the error kept in 'tx_error'). */
static int
ssl_flush(struct ssl_stream *s)
{
    while (s->tx_len) {
        int ret, error;

        ERR_clear_error();
        errno = 0;
        ret = SSL_write(s->ssl, s->txbuf + s->tx_ofs, s->tx_len);
        if (ret > 0) {
            s->tx_ofs += ret;
            s->tx_len -= ret;
            s->tx_want = SSL_WANT_NOTHING;
            continue;
        }
        error = ssl_interpret_error(s, "send", ret, errno, &s->tx_want);
        if (error == EAGAIN) {
            return EAGAIN;
        }
        s->tx_len = 0;
        s->tx_error = error == EOF ? EPIPE : error;
        return s->tx_error;
    }
    s->tx_ofs = 0;
    return 0;
}

static ssize_t
ssl_recv(struct stream *stream, void *buffer, size_t n)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    int ret, error;

    if (s->tx_len) {
        /* Callers that only read still get their earlier sends out. */
        ssl_flush(s);
    }

    ERR_clear_error();
    errno = 0;
    ret = SSL_read(s->ssl, buffer, MIN(n, INT_MAX));
    if (ret > 0) {
        s->rx_want = SSL_WANT_NOTHING;
        return ret;
    }
    error = ssl_interpret_error(s, "receive", ret, errno, &s->rx_want);
    return error == EOF ? 0 : -error;
}

static ssize_t
ssl_send(struct stream *stream, const void *buffer, size_t n)
{
    struct ssl_stream *s = ssl_stream_cast(stream);
    int error;

    if (s->tx_error) {
        return -s->tx_error;
    }
    if (s->tx_len) {
        error = ssl_flush(s);
        if (error) {
            return -error;
        }
    }

    if (!s->txbuf) {
        s->txbuf = xmalloc(SSL_TXBUF_SIZE);
    }
    n = MIN(n, SSL_TXBUF_SIZE);
    memcpy(s->txbuf, buffer, n);
    s->tx_ofs = 0;
    s->tx_len = n;

    error = ssl_flush(s);
    return error && error != EAGAIN ? -error : (ssize_t) n;
}

static void
ssl_run(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    if (s->tx_len) {
        ssl_flush(s);
    }
}

static void
ssl_want_wait(const struct ssl_stream *s, enum ssl_want want)
{
    switch (want) {
    case SSL_WANT_READ:
        poll_fd_wait(s->fd, POLLIN);
        break;
    case SSL_WANT_WRITE:
        poll_fd_wait(s->fd, POLLOUT);
        break;
    case SSL_WANT_NOTHING:
    default:
        /* The last call did not block, so the next may not either. */
        poll_immediate_wake();
        break;
    }
}

static void
ssl_run_wait(struct stream *stream)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    if (s->tx_len) {
        ssl_want_wait(s, s->tx_want);
    }
}

static void
ssl_wait(struct stream *stream, enum stream_wait_type type)
{
    struct ssl_stream *s = ssl_stream_cast(stream);

    switch (type) {
    case STREAM_CONNECT:
        if (s->state == SSL_STATE_TCP_CONNECTING) {
            poll_fd_wait(s->fd, POLLOUT);
        } else {
            ssl_want_wait(s, s->rx_want);
        }
        break;

    case STREAM_RECV:
        /* Plaintext already decrypted can be read at once.  Otherwise,
         * after a read that did not block as after one that did, what
         * comes next must arrive on the socket (OpenSSL reads no further
         * ahead than the record it needs). */
        if (SSL_pending(s->ssl) > 0) {
            poll_immediate_wake();
        } else {
            poll_fd_wait(s->fd,
                         s->rx_want == SSL_WANT_WRITE ? POLLOUT : POLLIN);
        }
        if (s->tx_len) {
            ssl_want_wait(s, s->tx_want);
        }
        break;

    case STREAM_SEND:
        if (s->tx_error) {
            poll_immediate_wake();
        } else if (!s->tx_len) {
            /* ssl_send() would take more data now, but it could not go
             * anywhere before the socket is writable. */
            poll_fd_wait(s->fd, POLLOUT);
        } else {
            ssl_want_wait(s, s->tx_want);
        }
        break;

    default:
        poll_immediate_wake();
        break;
    }
}

static const char *
ssl_get_peer_id(const struct stream *stream)
{
    return ssl_stream_cast(stream)->peer_id;
}

static int
ssl_open(const char *name, char *suffix, struct stream **streamp,
         uint8_t dscp)
{
    int error, fd;

    ssl_init();
    error = ssl_check_configured(SSL_ROLE_CLIENT);
    if (error) {
        return error;
    }
    error = inet_open_active(SOCK_STREAM, suffix, 0, NULL, &fd, dscp);
    if (error && error != EINPROGRESS) {
        return error;
    }
    return ssl_stream_create(xstrdup(name), fd, SSL_ROLE_CLIENT,
                             error ? EAGAIN : 0, streamp);
}

const struct stream_class ssl_stream_class = {
    .name = "ssl",
    .needs_probes = true,
    .has_port = true,
    .verify = stream_verify_inet_active,
    .open = ssl_open,
    .close = ssl_close,
    .connect = ssl_connect,
    .recv = ssl_recv,
    .send = ssl_send,
    .run = ssl_run,
    .run_wait = ssl_run_wait,
    .wait = ssl_wait,
    .get_peer_id = ssl_get_peer_id,
};

/* Listeners. */

static int
pssl_accept(int fd, const struct sockaddr_storage *ss,
            socklen_t ss_len OSW_UNUSED, struct stream **streamp)
{
    set_tcp_nodelay(fd);
    return ssl_stream_create(stream_tcp_peer_name("ssl", ss), fd,
                             SSL_ROLE_SERVER, 0, streamp);
}

static int
pssl_listen(const char *name, char *suffix, struct pstream **pstreamp,
            uint8_t dscp)
{
    struct sockaddr_storage ss;
    struct pstream *pstream;
    int error, fd;

    ssl_init();
    error = ssl_check_configured(SSL_ROLE_SERVER);
    if (error) {
        return error;
    }
    if (!ssl_get_ctx()) {
        return EPROTO;
    }
    error = inet_open_passive(SOCK_STREAM, suffix, 0, &ss, &fd, dscp);
    if (error) {
        return error;
    }
    pstream = pstream_fd_create(stream_tcp_bound_name(name, suffix, &ss),
                                fd, pssl_accept, NULL);
    pstream_set_bound_port(pstream, ss_get_port(&ss));
    *pstreamp = pstream;
    return 0;
}

const struct pstream_class pssl_pstream_class = {
    .name = "pssl",
    .needs_probes = true,
    .has_port = true,
    .verify = stream_verify_inet_passive,
    .listen = pssl_listen,
    /* Everything else is stream-fd.c's, with pssl_accept(). */
};
