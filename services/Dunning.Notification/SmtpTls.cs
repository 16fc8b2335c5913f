namespace Dunning.Notification;

/// <summary>Setting <c>Smtp:Tls</c>: how the connection to the SMTP server is encrypted.</summary>
public enum SmtpTls
{
    /// <summary>STARTTLS when the server offers it, plain otherwise (a server that offers it must present a valid certificate).</summary>
    WhenOffered,

    /// <summary>STARTTLS, and no email to a server that does not offer it.</summary>
    Required,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Implicit,

    /// <summary>Never encrypted: only for a server on the same host or a test server.</summary>
    Off,
}
