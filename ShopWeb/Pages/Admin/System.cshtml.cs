using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin.Instances;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin;

/// <summary>
/// Every instance of the shop as it last described itself (<see cref="InstanceStatusPublisher"/>): the ones heard from
/// in the last minute, then the ones gone quiet, marked stale.
/// </summary>
public sealed class SystemModel(ShopDbContext db, InstanceStatusPublisher publisher, TimeProvider clock, ILogger<SystemModel> logger) : PageModel
{
    public static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<InstanceView> Instances { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(cancellationToken); // this instance's row as of now, not of its last beat
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            logger.LogWarning(ex, "This instance's status could not be written before the system page read it");
        }

        Now = clock.GetUtcNow();
        var statuses = await db.InstanceStatuses.AsNoTracking().ToListAsync(cancellationToken);
        Instances = [.. statuses
            .Select(s => new InstanceView(s, Stale: s.PublishedAt < Now - Fresh, Uptime: s.PublishedAt - s.StartedAt,
                JsonSerializer.Deserialize<List<PageGroupTraffic>>(s.Traffic) ?? []))
            .OrderBy(i => i.Stale).ThenBy(i => i.Status.Instance, StringComparer.Ordinal)];
    }

    /// <summary>One instance's row; its uptime is as of its last word, which is now for a live one.</summary>
    public sealed record InstanceView(InstanceStatus Status, bool Stale, TimeSpan Uptime, IReadOnlyList<PageGroupTraffic> Traffic);
}
