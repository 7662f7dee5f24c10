using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace ShopWeb.Catalog;

/// <summary>
/// The fragment cache: the parts of a catalog page that are the same for every shopper (the product grid, the product
/// page's body with its variant data and head tags, the category list), rendered once and kept in this instance's
/// memory for everyone the page cache cannot serve, a signed-in shopper first. Only the layout around them is rendered
/// per request: the account menu, the status message and the forms' tokens (a fragment keeps a marker where a token
/// goes, <see cref="TokenMarker"/>, filled per response by <see cref="CatalogFragmentTagHelper"/>).
/// A page is keyed as the page cache keys it (its path and normalised query) and carries the same tags (every page,
/// and each product it shows); <see cref="CatalogCache"/> evicts both by the same tags, here and, through
/// <c>IMemoryInvalidation</c>, on every other instance.
/// </summary>
public sealed class CatalogFragments : IDisposable
{
    // OutputCache:Enabled=false turns this off too: it is there to measure (or debug) a page's own rendering.
    private readonly bool enabled;

    public CatalogFragments(Scaling.IMemoryInvalidation memory, Microsoft.Extensions.Options.IOptions<PageCacheOptions> settings)
    {
        enabled = settings.Value.Enabled;
        memory.OnForget(Evict);
    }

    /// <summary>Stands where a form's token goes in a kept fragment: plain letters, so encoding leaves it alone.</summary>
    internal const string TokenMarker = "ShopWebFragmentTokenHole";

    // Bounded by the characters kept: a search box can ask for any number of distinct listings.
    private const long MaxCharacters = 64L * 1024 * 1024;

    private const string RecordingKey = "CatalogFragments.Recording";
    private const string ServedKey = "CatalogFragments.Served";

    private readonly MemoryCache pages = new(new MemoryCacheOptions { SizeLimit = MaxCharacters });
    private readonly ConcurrentDictionary<string, CancellationTokenSource> tags = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>The kept page for this key, if any: the page model then loads nothing and the view writes its parts.</summary>
    public FragmentPage? Find(HttpContext context, string key)
    {
        if (enabled && pages.TryGetValue(key, out FragmentPage? page) && page is not null)
        {
            context.Items[ServedKey] = page;
            return page;
        }

        return null;
    }

    /// <summary>
    /// Starts recording this request's fragments under <paramref name="key"/>. Kept once the page answered 200
    /// (<see cref="KeepFragmentsAttribute"/>) and only if nothing was evicted meanwhile: a render that read the store
    /// before a change must not be kept after it.
    /// </summary>
    public void Record(HttpContext context, string key, string title)
    {
        if (enabled)
        {
            context.Items[RecordingKey] = new Recording(key, title, Interlocked.Read(ref generation));
        }
    }

    /// <summary>Adds the products a page being recorded shows, as tags (a no-op when nothing is recorded).</summary>
    internal static void Shows(HttpContext context, IEnumerable<string> productTags)
    {
        if (context.Items[RecordingKey] is Recording recording)
        {
            recording.Tags.UnionWith(productTags);
        }
    }

    internal static FragmentPage? Served(HttpContext context) => context.Items[ServedKey] as FragmentPage;

    internal const string InsideKey = "CatalogFragments.Inside";

    /// <summary>Whether a fragment to be kept is being rendered right now (a form's token in it must be a marker).</summary>
    internal static bool IsRecording(HttpContext context) => context.Items[RecordingKey] is Recording && context.Items.ContainsKey(InsideKey);

    internal static void AddPart(HttpContext context, string part, string html)
    {
        if (context.Items[RecordingKey] is Recording recording)
        {
            recording.Parts[part] = html.Split(TokenMarker);
        }
    }

    internal void Keep(HttpContext context)
    {
        if (context.Items[RecordingKey] is not Recording recording || recording.Generation != Interlocked.Read(ref generation))
        {
            return;
        }

        recording.Tags.Add(CatalogCache.EveryPage);
        var page = new FragmentPage(recording.Title, recording.Parts);
        var options = new MemoryCacheEntryOptions
        {
            AbsoluteExpirationRelativeToNow = AnonymousPagePolicy.Lifetime, // as the page cache: the bound if a message is lost
            Size = Math.Max(1, recording.Parts.Values.Sum(p => p.Sum(s => (long)s.Length))),
        };
        foreach (var tag in recording.Tags)
        {
            options.ExpirationTokens.Add(new CancellationChangeToken(tags.GetOrAdd(tag, _ => new CancellationTokenSource()).Token));
        }

        pages.Set(recording.Key, page, options);

        // Evicted between the check above and now: the entry just made is already expired by its token; forget it now.
        if (recording.Generation != Interlocked.Read(ref generation))
        {
            pages.Remove(recording.Key);
        }
    }

    /// <summary>Forgets every page carrying any of these tags (CatalogCache's tags), on this instance.</summary>
    public void Evict(IReadOnlyCollection<string> evicted)
    {
        Interlocked.Increment(ref generation);
        foreach (var tag in evicted)
        {
            if (tags.TryRemove(tag, out var source))
            {
                source.Cancel(); // not disposed: a concurrent Keep may still be reading its token
            }
        }
    }

    public void Dispose() => pages.Dispose();

    private sealed record Recording(string Key, string Title, long Generation)
    {
        public Dictionary<string, string[]> Parts { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Tags { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>A kept page: its title and its parts, each split where a form's token goes.</summary>
public sealed record FragmentPage(string Title, IReadOnlyDictionary<string, string[]> Parts);
