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
    /// The ids of <paramref name="take"/> products from the <paramref name="skip"/>th on, in best-match order. Ranks
    /// that tie are ordered by name: <paramref name="byName"/> puts ids in the store's order of names (its collation),
    /// then ids, and is asked only when the page's ranks tie with one another or with a product beside the page.
    /// </summary>
    public async Task<List<int>> PageAsync(int skip, int take, Func<List<int>, Task<List<int>>> byName)
    {
        var count = Math.Min(newest.Count, ProductSearchIndex.MaxCounted);
        if (skip >= count || take <= 0)
        {
            return [];
        }

        // Ties are ordered below, so an unstable sort of the ranks will do.
        var ranks = new double[count];
        var ids = new int[count];
        for (var i = 0; i < count; i++)
        {
            (ranks[i], ids[i]) = (newest[i].Rank, newest[i].Id);
        }

        Array.Sort(ranks, ids);

        // The band: every candidate ranked from the page's first rank to its last, the ties at either edge with it.
        var end = Math.Min(skip + take, count);
        var (first, last) = (ranks[skip], ranks[end - 1]);
        var from = skip;
        while (from > 0 && ranks[from - 1] == first)
        {
            from--;
        }

        var to = end;
        while (to < count && ranks[to] == last)
        {
            to++;
        }

        var band = Enumerable.Range(from, to - from).ToList();
        if (band.Zip(band.Skip(1)).Any(pair => ranks[pair.First] == ranks[pair.Second]))
        {
            var place = (await byName([.. band.Select(i => ids[i])])).Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
            band = [.. band.OrderBy(i => ranks[i]).ThenBy(i => place.GetValueOrDefault(ids[i], int.MaxValue)).ThenBy(i => ids[i])];
        }

        return [.. band.Skip(skip - from).Take(take).Select(i => ids[i])];
    }
}
