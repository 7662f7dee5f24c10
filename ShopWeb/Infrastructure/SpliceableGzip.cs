using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace ShopWeb.Infrastructure;

/// <summary>
/// gzip for a page with antiforgery holes (<see cref="AntiforgeryHole"/>), written so that each hole can be filled in
/// the compressed bytes, for every response, without compressing again. Each hole is kept as a stored
/// (uncompressed) deflate block, and the data after it is compressed afresh, so no back-reference reaches into it.
/// The gzip header's extra field ('S','W') says where each hole is and how many bytes follow it, for the CRC
/// (<see cref="Holes"/>).
/// A page without a hole is plain gzip.
/// </summary>
internal sealed class SpliceableGzip(AntiforgeryHole hole) : ICompressionProvider
{
    private const int FixedHeaderLength = 10, ExtraHeaderLength = 2 + 4, HoleEntryLength = 8;

    public string EncodingName => "gzip";

    // The page is compressed whole once it is all written, to find its holes first.
    public bool SupportsFlush => false;

    public Stream CreateStream(Stream outputStream) => new PageStream(outputStream, hole.HoleBytes);

    /// <summary>Where the holes of a page compressed here are: each hole's offset in the gzip bytes and how many
    /// bytes of the page follow it (for the CRC), read from the header; null while <paramref name="start"/> does not hold
    /// the whole header yet. Filled by <see cref="AntiforgeryHoleFiller"/>.</summary>
    public static List<(long At, long After)>? Holes(ReadOnlySpan<byte> start)
    {
        if (start.Length < FixedHeaderLength + ExtraHeaderLength)
        {
            return null;
        }

        if (start[0] != 0x1f || start[1] != 0x8b || start[3] != 0x04 || start[12] != 'S' || start[13] != 'W')
        {
            throw new InvalidOperationException("A page with an antiforgery hole was sent as gzip it was not written in.");
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(start[14..]);
        if (start.Length < FixedHeaderLength + ExtraHeaderLength + length)
        {
            return null;
        }

        var holes = new List<(long At, long After)>(length / HoleEntryLength);
        for (var entry = start.Slice(FixedHeaderLength + ExtraHeaderLength, length); !entry.IsEmpty; entry = entry[HoleEntryLength..])
        {
            holes.Add((BinaryPrimitives.ReadUInt32LittleEndian(entry), BinaryPrimitives.ReadUInt32LittleEndian(entry[4..])));
        }

        return holes;
    }

    private static byte[] Compress(ReadOnlySpan<byte> page, ReadOnlySpan<byte> hole)
    {
        var deflate = new MemoryStream();
        var holes = new List<(int At, int After)>();
        var start = 0;
        for (int found; (found = page[start..].IndexOf(hole)) >= 0; start += found + hole.Length)
        {
            Deflate(deflate, page.Slice(start, found), final: false);

            // A stored block, not the last: header bits 000 (byte-aligned after the flush), LEN, NLEN, the bytes.
            Span<byte> stored = [0, 0, 0, 0, 0];
            BinaryPrimitives.WriteUInt16LittleEndian(stored[1..], (ushort)hole.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(stored[3..], (ushort)~hole.Length);
            deflate.Write(stored);
            holes.Add(((int)deflate.Length, page.Length - (start + found + hole.Length)));
            deflate.Write(hole);
        }

        Deflate(deflate, page[start..], final: true);

        var headerLength = holes.Count > 0 ? FixedHeaderLength + ExtraHeaderLength + HoleEntryLength * holes.Count : FixedHeaderLength;
        var gzip = new byte[headerLength + deflate.Length + 8];
        gzip[0] = 0x1f;
        gzip[1] = 0x8b;
        gzip[2] = 8; // deflate
        gzip[9] = 0xff; // OS unknown
        if (holes.Count > 0)
        {
            gzip[3] = 0x04; // FEXTRA: XLEN, then one subfield 'S','W' with LEN, then (offset, bytes after) per hole
            var extra = gzip.AsSpan(FixedHeaderLength);
            BinaryPrimitives.WriteUInt16LittleEndian(extra, (ushort)(headerLength - FixedHeaderLength - 2));
            extra[2] = (byte)'S';
            extra[3] = (byte)'W';
            BinaryPrimitives.WriteUInt16LittleEndian(extra[4..], (ushort)(HoleEntryLength * holes.Count));
            extra = extra[ExtraHeaderLength..];
            foreach (var (at, after) in holes)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(extra, (uint)(headerLength + at));
                BinaryPrimitives.WriteUInt32LittleEndian(extra[4..], (uint)after);
                extra = extra[HoleEntryLength..];
            }
        }

        deflate.GetBuffer().AsSpan(0, (int)deflate.Length).CopyTo(gzip.AsSpan(headerLength));
        BinaryPrimitives.WriteUInt32LittleEndian(gzip.AsSpan(gzip.Length - 8), GzipCrc.Compute(page));
        BinaryPrimitives.WriteUInt32LittleEndian(gzip.AsSpan(gzip.Length - 4), (uint)page.Length);
        return gzip;
    }

    /// <summary>Compresses one piece with a fresh compressor. Not the last: ended by a sync flush (byte-aligned, not
    /// final), and what disposing the compressor adds after it (the final block) is cut off.</summary>
    private static void Deflate(MemoryStream deflate, ReadOnlySpan<byte> piece, bool final)
    {
        if (piece.IsEmpty)
        {
            if (final)
            {
                deflate.Write([0x01, 0x00, 0x00, 0xff, 0xff]); // an empty stored block, the last
            }

            return;
        }

        long end;
        using (var compressor = new DeflateStream(deflate, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(piece);
            compressor.Flush();
            end = deflate.Length;
        }

        if (!final)
        {
            deflate.SetLength(end);
        }
    }

    /// <summary>Keeps the page until the compression middleware disposes it, then writes it compressed.</summary>
    private sealed class PageStream(Stream output, byte[] hole) : Stream
    {
        private readonly MemoryStream page = new();
        private bool done;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => page.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => page.Write(buffer);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) { page.Write(buffer, offset, count); return Task.CompletedTask; }
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) { page.Write(buffer.Span); return ValueTask.CompletedTask; }
        public override void Flush() { }
        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            if (!done)
            {
                done = true;
                await output.WriteAsync(Compress(page.GetBuffer().AsSpan(0, (int)page.Length), hole));
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !done)
            {
                done = true;
                output.Write(Compress(page.GetBuffer().AsSpan(0, (int)page.Length), hole));
            }

            base.Dispose(disposing);
        }
    }
}
