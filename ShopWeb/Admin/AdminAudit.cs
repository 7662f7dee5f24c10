using System.Security.Claims;
using System.Text.Json;
using ShopWeb.Data;

namespace ShopWeb.Admin;

/// <summary>
/// Adds an audit entry to the same unit of work as the change it describes, so the entry and the change are
/// saved together or not at all.
/// </summary>
public sealed class AdminAudit(ShopDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>An entry's before or after as kept: the same shape whoever records it (a page, a command).</summary>
    public static string ToJson(object value) => JsonSerializer.Serialize(value, Json);

    public void Record(string action, string entityType, string entityId, object? before, object? after, string? reason = null)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("Admin writes happen in requests.");
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown",
            ActorEmail = context.User.Identity?.Name ?? "unknown",
            IpAddress = context.Connection.RemoteIpAddress?.ToString(),
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Before = before is null ? null : ToJson(before),
            After = after is null ? null : ToJson(after),
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        });
    }
}
