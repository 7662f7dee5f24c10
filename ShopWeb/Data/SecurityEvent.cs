namespace ShopWeb.Data;

/// <summary>One entry of a shopper's own security history, shown to them on /account/security/activity.</summary>
public sealed class SecurityEvent
{
    public long Id { get; init; }

    public required string UserId { get; init; }

    public required DateTimeOffset At { get; init; }

    public required SecurityEventKind Kind { get; init; }

    public string? IpAddress { get; init; }

    public string? UserAgent { get; init; }

    public string? Detail { get; init; }
}

public enum SecurityEventKind
{
    SignedIn,
    SignInFailed,
    SignedOut,
    PasswordChanged,
    PasswordReset,
    EmailChanged,
    SessionEnded,
    OtherSessionsEnded,
    DataDownloaded,
    ChoiceChanged,
    TwoFactorEnabled,
    TwoFactorDisabled,
    RecoveryCodesRenewed,
    RecoveryCodeUsed,
    PasskeyAdded,
    PasskeyRemoved,
}
