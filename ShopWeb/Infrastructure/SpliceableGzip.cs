using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace ShopWeb.Infrastructure;

/// <summary>
/// gzip for a page with antiforgery holes (<see cref="AntiforgeryHole"/>), written so that each hole can be filled in
/// the compressed bytes, for every response, without compressing again. Each placeholder is kept as a stored
/// (uncompressed) deflate block, and the data after it is compressed afresh, so no back-reference reaches into it.
/// The gzip header's extra field ('S','W') says where each hole is and how many bytes follow it, for the CRC.
/// A page without a placeholder is plain gzip.
/// </summary>
internal sealed class SpliceableGzip(AntiforgeryHole hole) : ICompressionProvider
{
    private const int FixedHeaderLength = 10, ExtraHeaderLength = 2 + 4, HoleEntryLength = 8;

    public string EncodingName => "gzip";

    // The page is compressed whole once it is all written, to find its holes first.
    public bool SupportsFlush => false;

    public Stream CreateStream(Stream outputStream) => new PageStream(outputStream, hole.PlaceholderBytes);

    /// <summary>Writes <paramref name="token"/> over every hole of a page compressed here, and corrects the CRC.
    /// Returns false when the body is no such page.</summary>
    public static bool Fill(Span<byte> gzip, ReadOnlySpan<byte> placeholder, ReadOnlySpan<byte> token)
    {
        if (gzip.Length < FixedHeaderLength + ExtraHeaderLength + 8 || gzip[0] != 0x1f || gzip[1] != 0x8b || gzip[3] != 0x04
            || gzip[12] != 'S' || gzip[13] != 'W')
        {
            return false;
        }

        var entries = gzip.Slice(FixedHeaderLength + ExtraHeaderLength, BinaryPrimitives.ReadUInt16LittleEndian(gzip[14..]));
        var crcAt = gzip.Length - 8;
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(gzip[crcAt..]);
        for (var entry = entries; !entry.IsEmpty; entry = entry[HoleEntryLength..])
        {
            var at = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var after = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            var target = gzip.Slice(at, token.Length);
            if (!target.SequenceEqual(placeholder))
            {
                return false;
            }

            crc = GzipCrc.Replace(crc, target, token, after);
            token.CopyTo(target);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(gzip[crcAt..], crc);
        return true;
    }

    private static byte[] Compress(ReadOnlySpan<byte> page, ReadOnlySpan<byte> placeholder)
    {
        var deflate = new MemoryStream();
        var holes = new List<(int At, int After)>();
        var start = 0;
        for (int found; (found = page[start..].IndexOf(placeholder)) >= 0; start += found + placeholder.Length)
        {
            Deflate(deflate, page.Slice(start, found), final: false);

            // A stored block, not the last: header bits 000 (byte-aligned after the flush), LEN, NLEN, the bytes.
            Span<byte> stored = [0, 0, 0, 0, 0];
            BinaryPrimitives.WriteUInt16LittleEndian(stored[1..], (ushort)placeholder.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(stored[3..], (ushort)~placeholder.Length);
            deflate.Write(stored);
            holes.Add(((int)deflate.Length, page.Length - (start + found + placeholder.Length)));
            deflate.Write(placeholder);
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
    private sealed class PageStream(Stream output, byte[] placeholder) : Stream
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
                await output.WriteAsync(Compress(page.GetBuffer().AsSpan(0, (int)page.Length), placeholder));
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !done)
            {
                done = true;
                output.Write(Compress(page.GetBuffer().AsSpan(0, (int)page.Length), placeholder));
            }

            base.Dispose(disposing);
        }
    }
}
