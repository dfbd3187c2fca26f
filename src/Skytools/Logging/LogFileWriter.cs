using System.Text;

namespace Skytools.Logging;

/// <summary>
/// Appends lines to the log file and rotates it (name → name.1 → ... → name.N) when it grows past
/// the limit, like Python's RotatingFileHandler. <see cref="Reopen"/> (on SIGHUP) lets an external
/// logrotate move the file away. Callers serialize access.
/// </summary>
internal sealed class LogFileWriter : IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keepCount;
    private FileStream? _stream;

    public LogFileWriter(string path, long maxBytes, int keepCount)
    {
        _path = path;
        _maxBytes = maxBytes;
        _keepCount = keepCount;
        Open();
    }

    public string Path => _path;

    public void Write(string line)
    {
        if (_stream is null)
        {
            Open();
        }
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        _stream!.Write(bytes);
        _stream.Flush();
        if (_maxBytes > 0 && _keepCount > 0 && _stream.Length >= _maxBytes)
        {
            Rotate();
        }
    }

    public void Reopen()
    {
        _stream?.Dispose();
        _stream = null;
        Open();
    }

    private void Open()
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(_path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        _stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    private void Rotate()
    {
        _stream?.Dispose();
        _stream = null;
        for (var n = _keepCount - 1; n >= 1; n--)
        {
            var older = $"{_path}.{n}";
            if (File.Exists(older))
            {
                File.Move(older, $"{_path}.{n + 1}", overwrite: true);
            }
        }
        File.Move(_path, $"{_path}.1", overwrite: true);
        Open();
    }

    public void Dispose()
    {
        _stream?.Dispose();
        _stream = null;
    }
}
