using System.Globalization;
using System.Text;

namespace Londiste.Admin;

/// <summary>
/// Prints the cascade as the original's `status` does: each node's title on a tree branch
/// (<c>+--: </c>), its info lines in a column starting at position 30, the lines of the last child of a
/// node printed after the subtree closes. Children are ordered by depth, subtree size, then name.
/// </summary>
public static class StatusTree
{
    private const int DataColumn = 30;

    public static string Render(QueueInfo queue, IReadOnlyList<NodeInfo> nodes, bool compact)
    {
        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"Queue: {queue.QueueName}   Local node: {queue.LocalNode.Name}\n\n");
        var tree = Tree.Build(nodes);
        foreach (var root in tree.Roots)
        {
            if (compact)
            {
                RenderCompact(tree, root, "", output);
                continue;
            }
            var pending = RenderNode(tree, root, "", [], output);
            foreach (var line in pending)
            {
                output.Append(" ".PadRight(DataColumn)).Append(line).Append('\n');
            }
        }
        return output.ToString();
    }

    /// <summary>The lines shown under a node: extra lines, lag and tick, attributes, consumer errors.</summary>
    public static List<string> InfoLines(Tree tree, NodeInfo node)
    {
        var lines = new List<string>(node.InfoLines);
        var lag = Lag(tree, node);
        var text = "Lag: " + (lag is { } shown && shown > TimeSpan.Zero ? Interval(shown) : "(n/a)");
        if (node.LastTick is { } tick and not 0)
        {
            text += ", Tick: " + tick.ToString(CultureInfo.InvariantCulture);
        }
        if (node.Paused)
        {
            text += ", PAUSED";
        }
        if (!node.UpToDate)
        {
            text += ", NOT UPTODATE";
        }
        lines.Add(text);
        foreach (var (key, value) in UrlEncoding.Decode(node.NodeAttrs))
        {
            lines.Add($"Attr: {key}={value}");
        }
        foreach (var (consumer, error) in node.Errors)
        {
            lines.Add($"ERR: {consumer}: {error}");
        }
        return lines;
    }

    /// <summary>Days, hours, minutes only when not zero, whole seconds always: 1d2h0m5s prints as 1d2h5s.</summary>
    public static string Interval(TimeSpan value)
    {
        var text = new StringBuilder();
        if (value.Days > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Days}d");
        }
        if (value.Hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Hours}h");
        }
        if (value.Minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{value.Minutes}m");
        }
        text.Append(CultureInfo.InvariantCulture, $"{value.Seconds}s");
        return text.ToString();
    }

    private static TimeSpan? Lag(Tree tree, NodeInfo node)
    {
        if (tree.Parent(node) is { } parent)
        {
            var root = parent;
            while (tree.Parent(root) is { } up)
            {
                root = up;
            }
            if (node.WorkerName is { } worker && parent.ConsumerTickTimes.TryGetValue(worker, out var tickTime) && root.Now is { } now)
            {
                return now < tickTime ? TimeSpan.Zero : now - tickTime;
            }
            return null;
        }
        return node.TickerLag;
    }

    private static List<string> RenderNode(Tree tree, NodeInfo node, string prefix, List<string> pending, StringBuilder output)
    {
        foreach (var line in pending)
        {
            output.Append(WithSuffix(prefix, "|").PadRight(DataColumn)).Append(line).Append('\n');
        }
        var lines = InfoLines(tree, node);
        output.Append(WithSuffix(prefix, "+--: ")).Append(node.Title).Append('\n');
        var children = tree.Children(node);
        for (var i = 0; i < children.Count; i++)
        {
            var suffix = i < children.Count - 1 ? "  |" : "   ";
            lines = RenderNode(tree, children[i], prefix + suffix, lines, output);
        }
        return lines;
    }

    private static void RenderCompact(Tree tree, NodeInfo node, string prefix, StringBuilder output)
    {
        output.Append(prefix).Append(node.Title.PadRight(Math.Max(0, 60 - prefix.Length)));
        foreach (var line in InfoLines(tree, node))
        {
            output.Append(line.PadRight(DataColumn));
        }
        output.Append('\n');
        foreach (var child in tree.Children(node))
        {
            RenderCompact(tree, child, prefix + "   ", output);
        }
    }

    private static string WithSuffix(string prefix, string suffix) => prefix.Length == 0 ? prefix : prefix[..^1] + suffix;

    /// <summary>Parent/child links between the nodes that could be read.</summary>
    public sealed class Tree
    {
        private readonly Dictionary<string, NodeInfo> _parents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<NodeInfo>> _children = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Levels, int Total)> _size = new(StringComparer.Ordinal);

        public List<NodeInfo> Roots { get; } = [];

        public NodeInfo? Parent(NodeInfo node) => _parents.GetValueOrDefault(node.Name);

        public IReadOnlyList<NodeInfo> Children(NodeInfo node) => _children.TryGetValue(node.Name, out var list) ? list : [];

        public static Tree Build(IReadOnlyList<NodeInfo> nodes)
        {
            var tree = new Tree();
            var byName = new Dictionary<string, NodeInfo>(StringComparer.Ordinal);
            foreach (var node in nodes)
            {
                byName[node.Name] = node;
            }
            foreach (var node in byName.Values)
            {
                if (node.Type != "root" && node.ProviderNode is { } provider && provider != node.Name && byName.TryGetValue(provider, out var parent))
                {
                    tree._parents[node.Name] = parent;
                    if (!tree._children.TryGetValue(provider, out var list))
                    {
                        tree._children[provider] = list = [];
                    }
                    list.Add(node);
                }
                else
                {
                    tree.Roots.Add(node);
                }
            }
            foreach (var root in tree.Roots)
            {
                tree.Measure(root);
            }
            return tree;
        }

        private (int Levels, int Total) Measure(NodeInfo node)
        {
            var children = _children.TryGetValue(node.Name, out var list) ? list : [];
            var total = children.Count;
            var levels = 1;
            foreach (var child in children)
            {
                var (childLevels, childTotal) = Measure(child);
                total += childTotal;
                levels = Math.Max(levels, childLevels + 1);
            }
            children.Sort((a, b) =>
            {
                var (al, at) = _size[a.Name];
                var (bl, bt) = _size[b.Name];
                return al != bl ? al.CompareTo(bl) : at != bt ? at.CompareTo(bt) : string.CompareOrdinal(a.Name, b.Name);
            });
            return _size[node.Name] = (levels, total);
        }
    }
}
