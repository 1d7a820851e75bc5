namespace PaperFeed.Core.Recommendations;

/// <summary>A paper's text as a unit-length tf-idf vector: term ids in ascending order and their weights.</summary>
public sealed record TermVector(int[] Terms, double[] Weights)
{
    public static readonly TermVector Empty = new([], []);

    /// <summary>The cosine of the two papers' texts (both vectors have unit length).</summary>
    public double Dot(TermVector other)
    {
        double sum = 0;
        int i = 0, j = 0;
        while (i < Terms.Length && j < other.Terms.Length)
        {
            var compare = Terms[i].CompareTo(other.Terms[j]);
            if (compare == 0)
            {
                sum += Weights[i++] * other.Weights[j++];
            }
            else if (compare < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return sum;
    }
}
