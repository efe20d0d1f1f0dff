import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * The first input image with a canvas over it to paint the area to edit. {@link maskOf} turns the painting into
 * the mask the API wants: a PNG of the image's size whose transparent pixels mark the area to edit.
 */
export function MaskEditor({ image, onChange }: { image: File; onChange: (canvas: HTMLCanvasElement | null) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [brush, setBrush] = useState(48);
  const [painted, setPainted] = useState(false);
  const drawing = useRef(false);

  useEffect(() => {
    const objectUrl = URL.createObjectURL(image);
    setUrl(objectUrl);
    setPainted(false);
    onChange(null);
    return () => URL.revokeObjectURL(objectUrl);
  }, [image]);

  const sized = (event: Event) => {
    const img = event.target as HTMLImageElement;
    canvas.current!.width = img.naturalWidth;
    canvas.current!.height = img.naturalHeight;
  };

  const paint = (event: PointerEvent) => {
    if (!drawing.current) return;
    const target = canvas.current!;
    const box = target.getBoundingClientRect();
    const scale = target.width / box.width;
    const context = target.getContext('2d')!;
    context.fillStyle = '#ff3b6b';
    context.beginPath();
    context.arc((event.clientX - box.left) * scale, (event.clientY - box.top) * scale, (brush * scale) / 2, 0, Math.PI * 2);
    context.fill();
    if (!painted) {
      setPainted(true);
      onChange(target);
    }
  };

  const clear = () => {
    const target = canvas.current!;
    target.getContext('2d')!.clearRect(0, 0, target.width, target.height);
    setPainted(false);
    onChange(null);
  };

  return (
    <div class="mask-editor">
      <div class="mask-stage">
        {url && <img src={url} alt="First input image" onLoad={sized} />}
        <canvas
          ref={canvas}
          aria-label="Mask: paint the area to edit"
          onPointerDown={(e) => {
            drawing.current = true;
            (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
            paint(e);
          }}
          onPointerMove={paint}
          onPointerUp={() => (drawing.current = false)}
        />
      </div>
      <div class="row">
        <label for="brush">Brush</label>
        <input id="brush" type="range" min={8} max={160} value={brush} onInput={(e) => setBrush(+(e.target as HTMLInputElement).value)} />
        <button type="button" onClick={clear} disabled={!painted}>
          Clear mask
        </button>
        <small class="muted">{painted ? 'The painted area will be edited.' : 'Without a mask the whole image is edited.'}</small>
      </div>
    </div>
  );
}

/** The painted canvas as the API's mask: opaque everywhere except where painted. */
export function maskOf(painting: HTMLCanvasElement): Promise<Blob> {
  const mask = document.createElement('canvas');
  mask.width = painting.width;
  mask.height = painting.height;
  const context = mask.getContext('2d')!;
  context.fillStyle = '#000';
  context.fillRect(0, 0, mask.width, mask.height);
  context.globalCompositeOperation = 'destination-out';
  context.drawImage(painting, 0, 0);
  return new Promise((resolve) => mask.toBlob((blob) => resolve(blob!), 'image/png'));
}
