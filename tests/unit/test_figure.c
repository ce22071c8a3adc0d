/*
 * test_figure.c - which article words hold a figure (lang/figure.c), the
 * "with figures" column of `polc doc` (issue 20).
 */
#include "lang/figure.h"
#include "support.h"

static void test_amounts_and_rates_are_figures(void **state) {
  (void)state;
  static const char *const figures[] = {
      "最高可给予1000万元的一次性奖励",
      "按实际发生费用的30%给予补贴",
      "按50％给予支持",
      "实缴资本达到2000万元（含）",
      "给予管理机构10万/家",
      "年度主营业务收入首次突破2亿",
      "给予10元补贴",
      "最高 2,000.5 万元",
      "给予 300 元",
      "最高可给予五百万元",
      "不超过一亿元",
      "奖励十元",
      "按百分之三十给予补贴",
      "最高可按不超过1：1的比例给予配套支持",
      "按1:2配套",
  };
  for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++)
    if (!text_has_figure(figures[i]))
      fail_msg("no figure found in \"%s\"", figures[i]);
}

static void test_other_numbers_are_not(void **state) {
  (void)state;
  static const char *const words[] = {
      "自2023年12月16日起施行",
      "不再重复享受第3条",
      "推进5G、IPv6、“双千兆”等",
      "托管区内企业数达10家及以上",
      "可给予一定补贴支持",
      "特殊重大项目及活动“一事一议”",
      "最长不超过五年的综合性扶持",
      "徐汇区人工智能产业高质量发展“十四五”规划",
      "第一条 适用对象",
      "时间为10:",
      "",
  };
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (text_has_figure(words[i]))
      fail_msg("a figure found in \"%s\"", words[i]);
  assert_false(text_has_figure(NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_amounts_and_rates_are_figures),
      cmocka_unit_test(test_other_numbers_are_not),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
