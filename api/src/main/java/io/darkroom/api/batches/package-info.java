/** OpenAI's Files and Batch APIs for image generation: JSONL in, one bulk-lane job per line, JSONL out. */
package io.darkroom.api.batches;
