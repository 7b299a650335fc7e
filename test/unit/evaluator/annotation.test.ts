import { formatAnnotation, MAX_ANNOTATION_LENGTH } from '../../../evaluator/annotation';

describe('formatAnnotation', () => {
  it('joins short reasons unchanged', () => {
    expect(formatAnnotation(['VpcConfig.Subnets is empty', 'VpcConfig.SecurityGroupIds is empty'])).toBe(
      'VpcConfig.Subnets is empty; VpcConfig.SecurityGroupIds is empty',
    );
  });

  it('keeps whole reasons and counts the ones left out when they do not fit', () => {
    const reasons = Array.from({ length: 12 }, (_, index) => `reason number ${index} with some padding text`);
    const annotation = formatAnnotation(reasons);
    expect(annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(annotation).toMatch(/^reason number 0 with some padding text; .*; \(\+\d+ more\)$/);
    const kept = annotation.split('; ').slice(0, -1);
    expect(reasons.slice(0, kept.length)).toEqual(kept);
    expect(annotation.endsWith(`(+${reasons.length - kept.length} more)`)).toBe(true);
  });

  it('cuts a single over-long reason at a word boundary with an ellipsis', () => {
    const ids = Array.from({ length: 16 }, (_, index) => `'subnet-${String(index).padStart(17, '0')}'`);
    const annotation = formatAnnotation([
      `VpcConfig.Subnets has invalid subnet IDs: ${ids.join(', ')}`,
      'second',
    ]);
    expect(annotation.length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(annotation).toMatch(/'… \(\+1 more\)$/);
    expect(annotation).not.toMatch(/subnet-0*\d?…/);
  });
});

describe('formatAnnotation with characters outside the Basic Multilingual Plane', () => {
  it('counts characters as AWS does and never cuts one in half', () => {
    const annotation = formatAnnotation([`Exempted by tag ${'𠀀'.repeat(300)}`]);
    expect(Array.from(annotation).length).toBeLessThanOrEqual(MAX_ANNOTATION_LENGTH);
    expect(Array.from(annotation).length).toBeGreaterThan(200);
    expect(annotation).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(annotation.endsWith('…')).toBe(true);
  });
});
