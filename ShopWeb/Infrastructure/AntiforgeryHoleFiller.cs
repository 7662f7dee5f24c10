using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Writes a page with antiforgery holes (<see cref="AntiforgeryHole"/>) to the server as it comes, each hole filled with
/// the visitor's token on the way: the page is never held whole (a product page with 2,048 variants is most of a
/// megabyte). Each piece is copied once, into the server's own buffer, and filled there. Only a few bytes are held back
/// between writes: in a plain page, what could be the start of a hole cut by the write's end; in
/// <see cref="SpliceableGzip"/>, its header until it is whole (it says where the holes are) and the last 8 bytes, the
/// trailer, whose CRC is corrected for the token at the end. The token's filling is as long as the hole
/// (<see cref="AntiforgeryHole.Filling"/>), so the page's length, cached with it, stays true.
/// </summary>
internal abstract class AntiforgeryHoleFiller(PipeWriter output, byte[] filling)
{
    // A write is filled in pieces that fit the server's own buffer blocks (Kestrel's are 4 KB): asking it for more
    // room than a block makes it rent an array of its own for every piece, most of a megabyte of garbage for each
    // 2,048-variant page sent. A piece is at least this long, so a hole's held-back start is copied again rarely.
    private const int LeastPiece = 1024;

    private byte[] held = [];
    private int heldCount;

    /// <summary>Where the next byte written to the server sits in the page.</summary>
    protected long Sent { get; private set; }

    protected ReadOnlySpan<byte> Filling => filling;

    /// <summary>A filler for a page in <paramref name="encoding"/> with <paramref name="holes"/> holes (null: not
    /// known, so a plain page is searched to its end).</summary>
    public static AntiforgeryHoleFiller For(string encoding, PipeWriter output, byte[] hole, byte[] filling, int? holes) => encoding switch
    {
        "" => new Plain(output, hole, filling, holes),
        "gzip" => new Gzip(output, hole, filling),
        _ => throw new InvalidOperationException($"A page with an antiforgery hole was sent as {encoding}, which cannot be filled."),
    };

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var buffer = output.GetSpan(heldCount + Math.Min(data.Length, LeastPiece));
            var take = Math.Min(data.Length, buffer.Length - heldCount);
            held.AsSpan(0, heldCount).CopyTo(buffer);
            data[..take].CopyTo(buffer[heldCount..]);
            var filled = buffer[..(heldCount + take)];
            data = data[take..];

            var keep = Fill(filled);
            if (held.Length < keep)
            {
                held = new byte[Math.Max(keep, 64)];
            }

            filled[^keep..].CopyTo(held);
            heldCount = keep;
            output.Advance(filled.Length - keep);
            Sent += filled.Length - keep;
        }
    }

    /// <summary>Sends what was held back once the page is whole.</summary>
    public void Complete()
    {
        if (heldCount > 0)
        {
            var rest = held.AsSpan(0, heldCount);
            Finish(rest);
            output.Write(rest);
            Sent += heldCount;
            heldCount = 0;
        }
    }

    /// <summary>Fills the holes in <paramref name="page"/> (the page from <see cref="Sent"/> on, as far as it has come)
    /// and says how many of its last bytes to hold back until more comes.</summary>
    protected abstract int Fill(Span<byte> page);

    /// <summary>Corrects the last bytes of the page, held back until now.</summary>
    protected virtual void Finish(Span<byte> end)
    {
    }

    private sealed class Plain(PipeWriter output, byte[] hole, byte[] filling, int? holes) : AntiforgeryHoleFiller(output, filling)
    {
        // Searching is most of what filling a large page costs (a profile of the 2,048-variant page: an eighth of its
        // CPU), so it stops once the last hole is filled.
        private int? left = holes;

        protected override int Fill(Span<byte> page)
        {
            var start = 0;
            for (int found; left != 0 && (found = page[start..].IndexOf(hole)) >= 0; start += found + hole.Length)
            {
                Filling.CopyTo(page[(start + found)..]);
                left--;
            }

            // A hole cut by the end of this write: its first bytes are held back to be found whole next time.
            return left == 0 ? 0 : Math.Min(page.Length - start, hole.Length - 1);
        }
    }

    private sealed class Gzip(PipeWriter output, byte[] hole, byte[] filling) : AntiforgeryHoleFiller(output, filling)
    {
        private const int TrailerLength = 8;

        private List<(long At, long After)>? holes;
        private long filledUpTo; // bytes before this were filled already (some may still be held back)
        private uint crcChange;

        protected override int Fill(Span<byte> page)
        {
            if (holes is null)
            {
                if (SpliceableGzip.Holes(page) is not { } found)
                {
                    return page.Length; // its header is not whole yet
                }

                holes = found;
            }

            var end = Sent + page.Length;
            foreach (var (at, after) in holes)
            {
                // The part of this hole within the bytes new here: a hole cut by a write's end is filled in two parts,
                // the CRC's change being the sum of each part's.
                var from = Math.Max(at, Math.Max(Sent, filledUpTo));
                var to = Math.Min(at + hole.Length, end);
                if (from < to)
                {
                    var target = page.Slice((int)(from - Sent), (int)(to - from));
                    if (!target.SequenceEqual(hole.AsSpan((int)(from - at), target.Length)))
                    {
                        throw new InvalidOperationException("A gzip page's hole does not hold the placeholder.");
                    }

                    var now = Filling.Slice((int)(from - at), target.Length);
                    crcChange ^= GzipCrc.Replace(0, target, now, after + (at + hole.Length - to));
                    now.CopyTo(target);
                }
            }

            filledUpTo = end;
            return Math.Min(page.Length, TrailerLength); // the trailer may be these bytes: corrected at the end
        }

        protected override void Finish(Span<byte> end)
        {
            if (holes is null || end.Length < TrailerLength)
            {
                throw new InvalidOperationException("A page with an antiforgery hole was sent as gzip it was not written in.");
            }

            var crc = end[^TrailerLength..];
            BinaryPrimitives.WriteUInt32LittleEndian(crc, BinaryPrimitives.ReadUInt32LittleEndian(crc) ^ crcChange);
        }
    }
}
