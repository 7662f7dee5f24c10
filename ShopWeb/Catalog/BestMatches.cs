namespace ShopWeb.Catalog;

/// <summary>
/// Best match's candidates (<see cref="ProductSearchIndex.BestMatchAsync"/>), newest first: their count, and the pages
/// of the first <see cref="ProductSearchIndex.MaxCounted"/> of them by rank, then name, then id. Any page, the last one
/// for a page asked past the end, is cut from the same candidates without asking the index again.
/// </summary>
internal sealed class BestMatches(List<ProductSearchIndex.RankedId> newest)
{
    /// <summary>How many matched, up to <see cref="ProductSearchIndex.MaxCounted"/> + 1.</summary>
    public int Counted => newest.Count;

    /// <summary>
    /// <paramref name="take"/> products from the <paramref name="skip"/>th on, in best-match order. Only the band is
    /// read (<paramref name="readByName"/>: those products still on sale, in the store's order of names, then ids):
    /// every candidate ranked from the page's first rank to its last, so the ties at either edge are there to be
    /// ordered by name too.
    /// </summary>
    public async Task<List<T>> PageAsync<T>(int skip, int take, Func<List<int>, Task<List<T>>> readByName, Func<T, int> idOf)
    {
        var ranked = newest.Take(ProductSearchIndex.MaxCounted).OrderBy(c => c.Rank).ToList();
        if (skip >= ranked.Count || take <= 0)
        {
            return [];
        }

        var (first, last) = (ranked[skip].Rank, ranked[Math.Min(skip + take, ranked.Count) - 1].Rank);
        var before = ranked.FindIndex(c => c.Rank >= first);
        var rank = ranked.Skip(before).TakeWhile(c => c.Rank <= last).ToDictionary(c => c.Id, c => c.Rank);
        var byName = await readByName([.. rank.Keys]);
        return [.. byName.Select((item, place) => (item, place)).OrderBy(x => rank[idOf(x.item)]).ThenBy(x => x.place)
            .Skip(skip - before).Take(take).Select(x => x.item)];
    }
}
