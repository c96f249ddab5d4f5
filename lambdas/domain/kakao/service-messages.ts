/** Korean texts of the Kakao customer-service bot's own (channel) parts. Answers come from the service brain. */
export const SERVICE_MESSAGES = {
  notConnected:
    '지금은 카카오톡 자동 상담을 이용할 수 없어요. 고객센터 운영시간에 상담원 연결을 이용해 주세요.',
  operatorLabel: '상담원 연결',
  operatorCardTitle: '상담원과 이야기하기',
  operatorCardDescription: '상담원에게 대화를 넘겨 드릴게요. 운영시간 외에는 순서대로 답변드려요.',
} as const;
