using System.Globalization;
using Skytools.Config;

namespace Skytools.Scripting;

/// <summary>
/// The pidfile rules of the Skytools scripts: a live process in the pidfile stops a second start;
/// a pidfile whose process is gone is stale and replaced; the file is written atomically and removed
/// on exit only by the process it names (a second instance that refused to start never deletes it).
/// Only the first line is read, as for postmaster.pid.
/// </summary>
public static class Pidfile
{
    public static (PidfileState State, int Pid) Inspect(string path)
    {
        string firstLine;
        try
        {
            using var reader = new StreamReader(path);
            firstLine = (reader.ReadLine() ?? "").Trim();
        }
        catch (FileNotFoundException)
        {
            return (PidfileState.Absent, 0);
        }
        catch (DirectoryNotFoundException)
        {
            return (PidfileState.Absent, 0);
        }
        if (firstLine.Length == 0)
        {
            // An empty file: a writer that died before writing, or one being written right now.
            return (PidfileState.Stale, 0);
        }
        if (!int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            throw new ConfigException($"pidfile {path} does not hold a process id ('{Shorten(firstLine)}'): check that pidfile names the right file, then remove it");
        }
        return (PosixProcess.IsAlive(pid) ? PidfileState.Running : PidfileState.Stale, pid);
    }

    /// <summary>Writes <paramref name="pid"/> via a temporary file and a rename, so a reader never sees a half-written file.</summary>
    public static void Write(string path, int pid)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        var temporary = path + ".new";
        File.WriteAllText(temporary, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the pidfile if it still names <paramref name="pid"/>; true when removed.</summary>
    public static bool RemoveIfOwned(string path, int pid)
    {
        try
        {
            var (state, owner) = Inspect(path);
            if (state == PidfileState.Absent || owner != pid)
            {
                return false;
            }
            File.Delete(path);
            return true;
        }
        catch (ConfigException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Sends a signal to the process named in the pidfile; the state tells whether there was one to send it to.</summary>
    public static (PidfileState State, int Pid) Signal(string path, UnixSignal signal)
    {
        var (state, pid) = Inspect(path);
        if (state != PidfileState.Running)
        {
            return (state, pid);
        }
        return PosixProcess.Send(pid, signal) ? (PidfileState.Running, pid) : (PidfileState.Stale, pid);
    }

    private static string Shorten(string text) => text.Length > 30 ? text[..30] + "..." : text;
}
