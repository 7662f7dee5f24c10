using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;

namespace ShopWeb.Identity;

/// <summary>
/// The shopper's own security history: sign-ins (and failed ones, with their address), sign-outs, password and
/// email changes, ended sessions, downloads and choice changes. Entries older than the retention go as new ones come.
/// </summary>
public sealed class ActivityLog(ShopDbContext db, IHttpContextAccessor http, TimeProvider clock, IOptions<AccountOptions> options)
{
    public const int PageSize = 20;

    /// <summary>Adds an entry to the unit of work; the caller's next save stores it with its own change.</summary>
    public void Add(string userId, SecurityEventKind kind, string? detail = null)
    {
        var request = http.HttpContext;
        var userAgent = request?.Request.Headers.UserAgent.ToString();
        db.SecurityEvents.Add(new SecurityEvent
        {
            UserId = userId,
            At = clock.GetUtcNow(),
            Kind = kind,
            IpAddress = request?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, 512)],
            Detail = detail,
        });
    }

    /// <summary>Adds an entry and saves it at once, dropping this shopper's entries past the retention.</summary>
    public async Task RecordAsync(string userId, SecurityEventKind kind, string? detail = null, CancellationToken cancellationToken = default)
    {
        Add(userId, kind, detail);
        await db.SaveChangesAsync(cancellationToken);
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.ActivityRetentionDays);
        await db.SecurityEvents.Where(e => e.UserId == userId && e.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether the account has signed in before from a browser that announces itself this way.</summary>
    public Task<bool> KnowsDeviceAsync(string userId, string? userAgent, CancellationToken cancellationToken = default) =>
        db.SecurityEvents.AnyAsync(e => e.UserId == userId && e.Kind == SecurityEventKind.SignedIn && e.UserAgent == userAgent, cancellationToken);

    public async Task<(IReadOnlyList<SecurityEvent> Events, int LastPage)> PageAsync(string userId, int page, CancellationToken cancellationToken = default)
    {
        var events = db.SecurityEvents.AsNoTracking().Where(e => e.UserId == userId);
        var lastPage = Infrastructure.Paging.LastPage(await events.CountAsync(cancellationToken), PageSize);
        page = Math.Clamp(page, 1, lastPage);
        var items = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return (items, lastPage);
    }

    public static string Describe(SecurityEventKind kind) => kind switch
    {
        SecurityEventKind.SignedIn => "Signed in",
        SecurityEventKind.SignInFailed => "Failed sign-in", // its detail says which step: the password, a code
        SecurityEventKind.SignedOut => "Signed out",
        SecurityEventKind.PasswordChanged => "Password changed",
        SecurityEventKind.PasswordReset => "Password reset by email link",
        SecurityEventKind.EmailChanged => "Email address changed",
        SecurityEventKind.SessionEnded => "Signed out a device",
        SecurityEventKind.OtherSessionsEnded => "Signed out of all other devices",
        SecurityEventKind.DataDownloaded => "Downloaded your data",
        SecurityEventKind.TwoFactorEnabled => "Two-factor sign-in turned on",
        SecurityEventKind.TwoFactorDisabled => "Two-factor sign-in turned off",
        SecurityEventKind.RecoveryCodesRenewed => "New recovery codes made",
        SecurityEventKind.RecoveryCodeUsed => "Recovery code used to sign in", // beside the "Signed in" it led to
        SecurityEventKind.PasskeyAdded => "Passkey added",
        SecurityEventKind.PasskeyRemoved => "Passkey removed",
        _ => "Changed a save-my-details choice",
    };

    /// <summary>A short "Firefox on Linux" from a user-agent string, for people rather than parsers.</summary>
    public static string Device(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return "Unknown browser";
        }

        var browser = userAgent switch
        {
            _ when userAgent.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when userAgent.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when userAgent.Contains("Chrome/", StringComparison.Ordinal) => "Chrome",
            _ when userAgent.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ => "A browser",
        };
        var system = userAgent switch
        {
            _ when userAgent.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) => "iOS",
            _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when userAgent.Contains("Mac OS", StringComparison.Ordinal) => "macOS",
            _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => "an unknown system",
        };
        return $"{browser} on {system}";
    }
}
